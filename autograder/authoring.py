"""The authoring vocabulary: everything an assignment's package imports from the engine.

An assignment (`coursework/<name>/`, its misconception catalogue beside its source notebook)
imports from this module only; `tests/test_engine.py` fails when it imports anything else of
the engine. Everything here is documented where it is defined; in short:

Declaring the assignment
    Assignment(name, notebook, reference, checks, parts, misconceptions, lends, figures, ...)
        one per assignment, registered under the `autograder.assignments` entry point.
    Checks().check(part=, points=, title=, lecture=, hint=, hidden=, beyond=, earned_by=)
        the decorator that declares a check `fn(sub, ref)`; points 0 and public: a self-check.
    Lend(name, part, cls="", attrs=())
        a function (or method of `cls`, whose parameters are `attrs`) later parts may be lent
        (error carried forward), declared per part in `Assignment.lends`.
    misconception(id, part, title, likely, lecture, hint, edits)
        one entry of a misconception catalogue: a mistake as edits of the reference's code.

Talking to a submission (`Submission`: `call`, `new`, `build`, `method`, `get`, `set`, `lend`)
    Every answer is plain data; read it with the readers below. The reference is held the
    same way.
    calling(text)              a context: a failure inside is said as "text raised ...".
    Fail(message)              the check failed; the message is the student's feedback.
    StudentError               the submission's code failed (caught by `calling`).

Reading what came back (each raises WrongValue with a message fit for the student)
    as_float(plain) -> float            as_array(plain, shape) -> np.ndarray
    as_float_list(plain, n) -> list     as_float_dict(plain, keys) -> dict[str, float]
    as_items(plain, count) -> list      (a tuple return: read each item again)
    as_arrays(plain, shapes) -> list[np.ndarray]
    as_any_array(plain) -> np.ndarray   flat_numbers(plain) -> np.ndarray | None
    is_missing(plain) -> bool           describe(plain) -> str      fmt(value) -> str

Comparing
    worked(sub, name, *args, want=, lecture_value=)  a worked number: name(*args) is want
    close(got, want, rel, abs_), two(got, want) (both formatted to tell them apart),
    expect_close, expect_array_close, agrees_elementwise, and the tolerances VALUES
    (functions' values) and GRADIENTS (gradients, the steps of training).
    agrees(sub, ref, name, *args, read=)  name(*args) gives the reference's answer: a number,
        or any return `read` reads (a tuple of arrays...), compared entry by entry.
    expect_same(got, want, text, what=, said=, rel=, abs_=)  numbers or arrays in dicts and
        lists, shaped alike (parameters where a training ends, gradients): the entries that
        differ, farthest off first.
    Gradients: H, THRESHOLD, central_difference(f, x), is_slope_of(sub, ref, derivative,
    function, x), off_slope(got, slope), not_flat(values, text) (a self-check's guard).

Training
    descend(params, batches, epochs, learn_rate, gradient, row) -> (rows, after each epoch)
        the prescribed steps along the reference's gradients: the rows a lent method answers
        from, and where each epoch ends; moved(params, grads, learn_rate) is one step.
    sub.lend(handle, method, attrs, rows) -> table; with told_where_it_parts(table): ...
        a failure inside also says where the student's calls first left those steps.
    with lent_function(sub, name, rows) as table: ...   the same for a function of the
        submission's (rows of (arguments, [], answer)), given back afterwards.

Inputs
    search(strategy, body, examples=, shrink=, cases=)  a hypothesis search of the term's seed
    st, hnp, floats(limit), readable(limit)             hypothesis's strategies, and small ones
    term_rng(purpose), term_values(purpose, n, limit)   numbers of the term's seed
    reference_output(ref, key, compute, valid)          a reference's answer kept between runs

Pictures for the report
    Figure(name, title, x_label, y_label, series, caption), Series(label, x, y),
    drawable(value), DRAWN; a figure function reads the checks' CheckResult and PASSED.
"""

from __future__ import annotations

from .grading.assignment import Assignment
from .grading.carry import Lend
from .grading.checks.base import (Checks, Fail, agrees, agrees_elementwise, calling, close,
                                  expect_array_close, expect_close, expect_same, two, worked)
from .grading.checks.descent import descend, lent_function, moved, told_where_it_parts
from .grading.checks.gradcheck import (THRESHOLD, H, central_difference, is_slope_of, not_flat,
                                       off_slope)
from .grading.checks.strategies import floats, hnp, readable, search, st, term_rng, term_values
from .grading.checks.tolerances import GRADIENTS, VALUES
from .grading.disk_cache import reference_output
from .grading.misconceptions import misconception
from .grading.results import DRAWN, PASSED, CheckResult, Figure, Series, drawable
from .submission import StudentError, Submission
from .submission.values import (WrongValue, as_any_array, as_array, as_arrays, as_float,
                                as_float_dict, as_float_list, as_items, describe, flat_numbers,
                                fmt, is_missing)

__all__ = [
    "Assignment", "Checks", "Lend", "misconception",
    "Submission", "calling", "Fail", "StudentError",
    "WrongValue", "as_float", "as_array", "as_float_list", "as_float_dict", "as_items",
    "as_arrays", "as_any_array", "flat_numbers", "is_missing", "describe", "fmt",
    "worked", "close", "two", "expect_close", "expect_same", "expect_array_close", "agrees", "agrees_elementwise",
    "VALUES", "GRADIENTS", "H", "THRESHOLD", "central_difference", "is_slope_of",
    "off_slope", "not_flat", "descend", "moved", "told_where_it_parts", "lent_function",
    "search", "st", "hnp", "floats", "readable", "term_rng", "term_values",
    "reference_output",
    "Figure", "Series", "drawable", "DRAWN", "CheckResult", "PASSED",
]
