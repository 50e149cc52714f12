"""Pictures for the feedback report, computed while the submission is still loaded.

- The training-loss curve: the student's `train` on the lecture's four people against the
  reference's, from the same start (the lecture's "loss reduction" slide).
- For each activation a failed part-1 or part-2 check called that disagrees with the lecture's
  definition: the student's function over the lecture's, on a grid.

A figure is plain numbers; `report/svg.py` draws it. Making a figure never changes a score:
any failure of the student's code here just leaves the figure out (or says why).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from autograder.authoring import (CheckResult, DRAWN, Figure, PASSED, Series, StudentError,
                                 as_float_list, drawable, flat_numbers, reference_output)

from . import lecture
from .checks.network_inputs import network
from .checks.training import CLASSIFY_EPOCHS, START, lecture_arrays

EPOCHS, LEARN_RATE = CLASSIFY_EPOCHS, 0.1     # START, the lecture's data: as check 6.6 trains
GRID = np.linspace(-6.0, 6.0, 241)
def _logged_losses(logs: dict) -> list[float] | None:
    """The same training, if a check already asked it of the student (6.6 does): its answer,
    read from the check's log, so the picture costs no second run."""
    data = np.array(lecture.DATA, dtype=float)
    for log in logs.values():
        started = {op.args[0] for op in log if op.kind == "set" and op.args[1] == START}
        for op in log:
            if (op.kind == "method" and op.args[0] in started and op.args[1] == "train"
                    and not op.raised and len(op.args) == 6
                    and np.array_equal(np.asarray(op.args[2], dtype=float), data)
                    and list(np.asarray(op.args[3], dtype=float)) == list(lecture.Y_TRUES)
                    and op.args[4:] == (LEARN_RATE, EPOCHS)):
                got = flat_numbers(op.answer)
                return None if got is None or len(got) == 0 else got.tolist()
    return None


def _student_losses(sub, logs: dict | None = None) -> list[float] | None:
    """What the student's train returned, NaN and infinities kept (a loss that blows up is
    worth seeing)."""
    if logs and (logged := _logged_losses(logs)) is not None:
        return logged
    try:
        net = network(sub, START)
        got = flat_numbers(sub.method(net, "train", *lecture_arrays(), LEARN_RATE, EPOCHS))
    except StudentError:
        return None
    return None if got is None or len(got) == 0 else got.tolist()


@lru_cache(maxsize=4)
def _reference_losses(ref) -> tuple[float, ...]:
    """The reference's curve: once per process, and kept on disk per reference version."""
    def compute():
        return as_float_list(ref.method(network(ref, START), "train", *lecture_arrays(),
                                        LEARN_RATE, EPOCHS), EPOCHS)

    losses = reference_output(
        ref, f"loss-{EPOCHS}-{LEARN_RATE}-{sorted(START.items())}", compute,
        lambda got: isinstance(got, list) and len(got) == EPOCHS)
    return tuple(float(v) for v in losses)


def loss_curve(sub, ref, logs: dict | None = None) -> Figure | None:
    losses = _student_losses(sub, logs)
    if losses is None:
        return None
    epochs = list(range(1, len(losses) + 1))
    figure = Figure("loss", "Training loss on the lecture's four people", "epoch",
                    "MSE over the data set", [Series("your train()", epochs, losses)])
    start = ", ".join(f"{p}={v:g}" for p, v in START.items())
    figure.caption = (f"train(data, all_y_trues, learn_rate={LEARN_RATE:g}, epochs={EPOCHS}) "
                      f"from {start}.")
    blown = next((i for i, v in enumerate(losses, start=1) if not drawable(v)), None)
    if blown is not None:
        figure.caption += (f" From epoch {blown} on, your loss is not a number (NaN or ∞) or "
                           f"beyond ±{DRAWN:g}: the parameters blew up, which is not drawn.")
    if ref is not None:
        figure.series.append(Series("the reference", list(range(1, EPOCHS + 1)),
                                    list(_reference_losses(ref))))
        figure.caption += " The loss should fall as the reference's does."
    return figure


def activation(sub, name: str) -> Figure | None:
    formula, fn = lecture.ACTIVATIONS[name]
    xs = GRID
    try:
        got = flat_numbers(sub.call(name, GRID.copy()))
    except StudentError:
        got = None
    if got is None or got.shape != GRID.shape:       # not elementwise: one number at a time
        xs = GRID[::4]
        try:
            got = np.array([flat_numbers(sub.call(name, float(x))) for x in xs], dtype=object)
        except StudentError:
            return None
        if any(v is None or v.size != 1 for v in got):
            return None
        got = np.array([v[0] for v in got], dtype=float)
    with np.errstate(all="ignore"):
        want = fn(GRID)
        mine = fn(xs)
    differs = ~np.isclose(got, mine, rtol=1e-6, atol=1e-9, equal_nan=True) & (xs != 0)
    if not differs.any():
        return None          # agrees with the lecture (0 is a free point for ReLU')
    return Figure(f"activation-{name}", f"{name}: yours and the lecture's", "x", f"{name}(x)",
                  [Series(f"your {name}", xs.tolist(), got.tolist()),
                   Series(f"the lecture's {formula}", GRID.tolist(), want.tolist())],
                  f"Your {name} on {len(xs)} points of [−6, 6], over the lecture's.")


def figures(sub, ref, results: list[CheckResult], logs: dict | None = None) -> list[Figure]:
    """The report's pictures for this grading (none when the student's code cannot give them).
    `logs`: what the checks asked of the submission (`run.run_checks`), reused where it can."""
    out = []
    failed = [r for r in results if r.status != PASSED and r.part <= 2 and not r.crashed]
    names = dict.fromkeys(n for r in failed for n in r.calls if n in lecture.ACTIVATIONS)
    out += [f for f in (activation(sub, n) for n in names) if f is not None]
    curve = loss_curve(sub, ref, logs)
    return out + ([curve] if curve else [])
