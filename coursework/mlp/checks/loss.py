"""Part 3 — the mean squared error over all entries."""

import numpy as np

from autograder.authoring import agrees, as_float, calling, expect_close

from .. import lecture
from .registry import checks
from .strategies import examples, search, term_rng

STEP = "Part 3, the loss"


def _mse_beyond(sub, ref):
    rng = term_rng("mse beyond")
    y_true, y_pred = np.round(rng.uniform(0, 1, (2, 2, 2)), 2)
    agrees(sub, ref, "mse_loss", y_true, y_pred)


@checks.check(part=3, points=4, title="mse_loss([[1], [0], [0], [1]], [[0], [0], [0], [0]]) = 0.5",
              lecture=f"{STEP}: MSE = the mean of (Y_true − Y_pred)²; the 'always male' "
                      "predictor has MSE 0.5",
              hint="Square the errors and take their mean over all entries (np.mean).",
              beyond=_mse_beyond)
def mse_lecture_example(sub, ref):
    text = "mse_loss([[1], [0], [0], [1]], [[0], [0], [0], [0]])"
    with calling(text):
        got = as_float(sub.call("mse_loss", np.array(lecture.MSE_TRUE),
                                np.array(lecture.MSE_PRED)))
    expect_close(got, 0.5, text)


@checks.check(part=3, points=6, title="mse_loss matches the reference on arrays of any shape",
              lecture=f"{STEP}: the mean over all entries, samples and outputs alike",
              hint="Average over every entry, not per row or per column: several outputs and "
                   "several samples are all entries of one mean.", hidden=True)
def mse_matches_reference(sub, ref):
    def predictions(Y, X):
        """Entries that differ from each other, made from the drawn inputs."""
        return np.round(np.abs(np.sin(np.arange(Y.size) + X.sum())), 3).reshape(Y.shape)

    search(examples, lambda ex: agrees(sub, ref, "mse_loss", ex[5], predictions(ex[5], ex[4])),
           examples=20)
