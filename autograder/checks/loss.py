"""Part 4 — the mean squared error."""

import numpy as np

from .. import lecture
from ..values import as_float, fmt
from .base import calling, check, expect_close
from .inputs import rng

STEP = "Part 4, the loss"


@check(part=4, points=4, title="mse_loss([1, 0, 0, 1], [0, 0, 0, 0]) = 0.5",
       lecture=f"{STEP}: MSE = (1/n) Σ (y_true − y_pred)²; the 'always male' predictor has "
               "MSE = (1 + 0 + 0 + 1) / 4 = 0.5",
       hint="Square each error, add them up, and divide by the number of samples.")
def mse_lecture_example(sub, ref):
    text = "mse_loss([1, 0, 0, 1], [0, 0, 0, 0])"
    with calling(text):
        got = as_float(sub.call("mse_loss", [1, 0, 0, 1], [0, 0, 0, 0]))
    expect_close(got, 0.5, text)


@check(part=4, points=6, title="mse_loss matches the reference on random predictions",
       lecture=f"{STEP}: MSE = (1/n) Σ (y_true − y_pred)²",
       hint="Errors between 0 and 1 tell squares from absolute values, and different lengths "
            "tell a mean from a sum: square each error, then take the mean.", hidden=True)
def mse_matches_reference(sub, ref):
    r = rng("mse")
    cases = [(r.integers(0, 2, n).astype(float), r.uniform(0, 1, n)) for n in (1, 3, 4, 10)]
    cases.append((r.normal(0, 2, 6), r.normal(0, 2, 6)))
    for i, (y_true, y_pred) in enumerate(cases):
        args = (y_true.tolist(), y_pred.tolist()) if i % 2 else (y_true, y_pred)
        text = f"mse_loss({fmt(args[0])}, {fmt(args[1])})"
        with calling(text):
            got = as_float(sub.call("mse_loss", *args))
        want = as_float(ref.call("mse_loss", *args))
        expect_close(got, want, text)
