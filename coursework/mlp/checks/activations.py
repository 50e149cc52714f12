"""Part 1 — activation functions, vectorised (derivatives with respect to the pre-activation z)."""

import numpy as np

from autograder.authoring import (agrees_elementwise, as_array, calling, expect_array_close,
                                 fmt, is_slope_of, worked)

from .. import lecture
from .registry import checks
from .strategies import activation_inputs, floats, search, softmax_inputs, term_values

STEP = "Part 1, activation functions"
PAIRS = {"sigmoid": ("sigmoid_derivative", 1000.0, 10.0), "tanh": ("tanh_derivative", 20.0, 5.0),
         "relu": ("relu_derivative", 1000.0, 50.0), "identity": ("identity_derivative", 1000.0,
                                                                  50.0)}


def compare_elementwise(sub, ref, name: str, x, corner_at_zero: bool = False):
    """`name(x)` against the reference's, element by element (ReLU' may give 0 or 1 at 0)."""
    agrees_elementwise(sub, ref, name, x, corner=(0.0, 1.0) if corner_at_zero else ())


def _sigmoid_beyond(sub, ref):
    a, b, c = term_values("sigmoid beyond", 3, 4.0)
    compare_elementwise(sub, ref, "sigmoid", np.array([[a, b], [c, -1000.0]]))


def _softmax_beyond(sub, ref):
    a, b, c, d = term_values("softmax beyond", 4, 3.0)
    compare_elementwise(sub, ref, "softmax", np.array([[a, b, c], [1000.0, d, 999.0]]))


@checks.check(part=1, points=2, title="sigmoid(0) = 0.5",
              lecture=f"{STEP}: σ(z) = 1 / (1 + e^(−z)), so σ(0) = 0.5",
              hint="e^(−0) is 1; compute with np.exp so that arrays work elementwise.",
              beyond=_sigmoid_beyond)
def sigmoid_at_zero(sub, ref):
    worked(sub, "sigmoid", 0.0, want=0.5)


@checks.check(part=1, points=3, title="softmax([1, 2, 3]) = [0.0900, 0.2447, 0.6652]",
              lecture=f"{STEP}: softmax(z)_j = e^(z_j) / Σ_i e^(z_i), a row at a time",
              hint="Exponentiate each entry and divide by the row's sum of exponentials; "
                   "subtract the row's maximum first so that e^1000 never overflows.",
              beyond=_softmax_beyond)
def softmax_lecture_example(sub, ref):
    x = lecture.SOFTMAX_X
    text = f"softmax({fmt(x)})"
    with calling(text):
        got = as_array(sub.call("softmax", x), x.shape)
    want = np.exp(x) / np.exp(x).sum()
    expect_array_close(got, want, text, x, element="softmax")


@checks.check(part=1, points=4, title="sigmoid, tanh, relu and identity match the reference",
              lecture=f"{STEP}: each activation elementwise, on any shape, float or array",
              hint="Use numpy's elementwise functions (np.exp, np.tanh, np.maximum) on the whole "
                   "array and return the same shape; for a float, a float or a 0-d array.",
              hidden=True)
def activations_match_reference(sub, ref):
    for name, (_, limit, _) in PAIRS.items():
        search(lambda: activation_inputs(limit),
               lambda x: compare_elementwise(sub, ref, name, x), examples=15)


@checks.check(part=1, points=4, title="each derivative is the slope of its activation",
              lecture=f"{STEP}: σ' = σ(1 − σ), tanh' = 1 − tanh², ReLU' a step, identity' = 1, "
                      "all taken at the pre-activation z",
              hint="Each derivative takes z, the activation's input, not its output: compute "
                   "the activation of z first, then the derivative from it.", hidden=True)
def derivatives_are_slopes(sub, ref):
    for activation, (derivative, _, limit) in PAIRS.items():
        search(lambda: floats(limit),
               lambda z, f=activation, d=derivative: is_slope_of(
                   sub, ref, d, f, z, corner=1e-3 if f == "relu" else 0.0, floor=1e-8),
               examples=12)


@checks.check(part=1, points=3, title="the derivatives match the reference on arrays",
              lecture=f"{STEP}: derivatives elementwise, on any shape (identity' is ones of "
                      "z's shape; ReLU'(0) may be 0 or 1)",
              hint="Return an array of z's shape: np.ones(np.shape(z)) for the identity, a "
                   "mask for ReLU'.", hidden=True)
def derivatives_match_reference(sub, ref):
    for _, (derivative, limit, _) in PAIRS.items():
        search(lambda: activation_inputs(limit),
               lambda z: compare_elementwise(sub, ref, derivative, z,
                                             corner_at_zero=derivative == "relu_derivative"),
               examples=12)


@checks.check(part=1, points=4, title="softmax matches the reference on rows, finite at ±1000",
              lecture=f"{STEP}: softmax of each row of a 2-D array, or of a 1-D array; it is "
                      "not elementwise",
              hint="Normalise along the last axis (axis=-1, keepdims=True), one row at a time; "
                   "subtract each row's maximum before exponentiating.", hidden=True)
def softmax_matches_reference(sub, ref):
    search(softmax_inputs, lambda z: compare_elementwise(sub, ref, "softmax", z), examples=25)

