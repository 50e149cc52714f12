"""Gradient descent as a training contract prescribes it, along the reference's gradients.

A training check judges the student's loop on its own: the grader walks the prescribed steps
with the reference's gradients (`descend`), lends the student's object a method answering
along them (`Submission.lend`, from the rows; `lent_function` for a function), and compares
where the student's loop ends with where the steps end. What a "batch" is (one sample, rows of an array), how the reference is
asked for a gradient and what a lent call's arguments are stay the assignment's; the walk and
the update rule, p ← p − η · ∂L/∂p, are written once here, and so is the feedback that says
where the student's steps first left the prescribed ones (`told_where_it_parts`).
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Callable

from .base import Fail


def descend(params, batches: list, epochs: int, learn_rate: float,
            gradient: Callable, row: Callable) -> tuple[list, list]:
    """Each epoch visits `batches` in order; for each, `gradient(params, batch)` gives the
    gradients (shaped like `params`), `row(params, batch, gradients)` the row a lent method
    answers from (its arguments, the parameters then, the answer), and every parameter then
    moves by −learn_rate × its gradient (`moved`). Returns (the rows, the parameters after each
    epoch)."""
    rows, after = [], []
    for _ in range(epochs):
        for batch in batches:
            grads = gradient(params, batch)
            rows.append(row(params, batch, grads))
            params = moved(params, grads, learn_rate)
        after.append(params)
    return rows, after


def moved(params, grads, learn_rate: float):
    """p − learn_rate · g for every parameter: numbers or arrays, in dicts, lists or tuples
    (nested), the result shaped as `params`."""
    if isinstance(params, dict):
        return {key: moved(params[key], grads[key], learn_rate) for key in params}
    if isinstance(params, (list, tuple)):
        return type(params)(moved(p, g, learn_rate) for p, g in zip(params, grads))
    return params - learn_rate * grads


@contextmanager
def lent_function(sub, name: str, rows: list):
    """Inside, the submission's function `name` answers along `rows` of (arguments, [], the
    answer), as `sub.lend` makes a method answer: a loop written as a function that calls
    another (a training function calling a gradient function) is judged on its own work.
    Yields the grader's table (for `told_where_it_parts`); the submission's own function is
    back afterwards. A caller that holds the function otherwise than by its name in the
    namespace (a default argument, a closure) keeps calling its own."""
    table = sub.lend(None, name, [], rows)
    try:
        yield table
    finally:
        sub.unlend(name)


@contextmanager
def told_where_it_parts(table):
    """Inside, a failure (a wrong end, an exception of the lent method's) also says where the
    calls first left the prescribed steps (`Submission.lend`'s table: `Trajectory.parting`):
    "its first 3 steps follow the prescribed ones; when gradient is called for step 4, a =
    0.52 where the step has 0.48". The table is the grader's; the student's process never sees
    this text."""
    try:
        yield
    except Fail as failure:
        where = table.parting() if table is not None else ""
        if not where:
            raise
        raise type(failure)(f"{failure}; {where}") from None
