"""Part 4 — the mean squared error."""

import numpy as np

from autograder.authoring import agrees, worked

from .registry import checks
from .strategies import floats, search, st, term_values

STEP = "Part 4, the loss"


def _mse_beyond(sub, ref):
    values = [abs(v) for v in term_values("mse beyond", 6, 1.0, least=0.05)]
    agrees(sub, ref, "mse_loss", values[:3], values[3:])


@checks.check(part=4, points=4, title="mse_loss([1, 0, 0, 1], [0, 0, 0, 0]) = 0.5",
       lecture=f"{STEP}: MSE = (1/n) Σ (y_true − y_pred)²; the 'always male' predictor has "
               "MSE = (1 + 0 + 0 + 1) / 4 = 0.5",
       hint="Square each error, add them up, and divide by the number of samples.",
       beyond=_mse_beyond)
def mse_lecture_example(sub, ref):
    worked(sub, "mse_loss", [1, 0, 0, 1], [0, 0, 0, 0], want=0.5)


def predictions(max_size=12):
    """Labels and predictions of one length: probabilities, or any reals."""
    return st.integers(1, max_size).flatmap(lambda n: st.tuples(
        st.lists(st.one_of(st.sampled_from([0.0, 1.0]), floats(5.0)), min_size=n, max_size=n),
        st.lists(st.one_of(st.floats(0, 1), floats(5.0)), min_size=n, max_size=n)))


@checks.check(part=4, points=4, title="mse_loss matches the reference on arrays of any length",
       lecture=f"{STEP}: MSE = (1/n) Σ (y_true − y_pred)²",
       hint="Errors between 0 and 1 tell squares from absolute values, negative errors tell "
            "squares from signed errors, and different lengths tell a mean from a sum: square "
            "each error, then take the mean.", hidden=True)
def mse_matches_reference(sub, ref):
    search(predictions, lambda ex: agrees(sub, ref, "mse_loss", np.array(ex[0]), np.array(ex[1])))


@checks.check(part=4, points=2, title="mse_loss takes Python lists",
       lecture=f"{STEP}: mse_loss of two equal-length arrays or lists",
       hint="Convert the arguments with np.asarray (or np.array) before doing array "
            "arithmetic: a list minus a list is an error.", hidden=True)
def mse_takes_lists(sub, ref):
    search(predictions, lambda ex: agrees(sub, ref, "mse_loss", ex[0], ex[1]), examples=10)
