"""Part 2 — activation functions and their derivatives (all with respect to the input x)."""

import math

import numpy as np

from autograder.authoring import (agrees, as_array, calling, expect_array_close, fmt,
                                 is_slope_of, worked)

from .. import lecture
from .neuron import compare_elementwise
from .registry import checks
from .strategies import activation_inputs, floats, search, term_values

STEP = "Part 2, activation functions"
DERIVATIVE_HINT = ("The derivative is taken with respect to the input x and written as a "
                   "function of x: compute the activation of x first, then use it.")


def _slope_check(sub, ref, activation, derivative, limit, avoid_zero=False):
    for x in (-0.5, 0.5, 2.0):        # the unit scale, every term
        is_slope_of(sub, ref, derivative, activation, x)
    search(lambda: floats(limit),
           lambda x: is_slope_of(sub, ref, derivative, activation, x,
                                 corner=1e-3 if avoid_zero else 0.0), examples=30)


def _on_other_inputs(*names, n=3):
    """A `beyond` probe: the functions `names` agree with the reference at `n` scalars of the
    term."""
    def beyond(sub, ref):
        for name in names:
            for x in term_values(f"{name} beyond", n, 2.5):
                agrees(sub, ref, name, x)
    return beyond


def _relu_beyond(sub, ref):
    x = np.array(term_values("relu beyond", 3, 4.0))
    for name, element in (("relu", "ReLU"), ("relu_derivative", "ReLU'")):
        compare_elementwise(sub, ref, name, element, x)


@checks.check(part=2, points=2, title="sigmoid_derivative(-3) = 0.0452",
       lecture=f"{STEP}: σ'(x) = σ(x)(1 − σ(x)); the lecture's σ'(−3) ≈ 0.0452",
       hint=DERIVATIVE_HINT, beyond=_on_other_inputs("sigmoid_derivative"))
def sigmoid_derivative_at_minus_3(sub, ref):
    worked(sub, "sigmoid_derivative", -3.0, want=lecture.sigma_prime(-3), lecture_value="0.0452")


@checks.check(part=2, points=2, title="sigmoid_derivative(0.0948) = 0.249",
       lecture=f"{STEP}: σ'(x) = σ(x)(1 − σ(x)); the lecture's σ'(0.0948) ≈ 0.249",
       hint=DERIVATIVE_HINT, beyond=_on_other_inputs("sigmoid_derivative", n=2))
def sigmoid_derivative_at_0_0948(sub, ref):
    worked(sub, "sigmoid_derivative", 0.0948, want=lecture.sigma_prime(0.0948),
           lecture_value="0.249")


@checks.check(part=2, points=2, title="tanh(0.5) = 0.4621 and tanh_derivative(0.5) = 0.7864",
       lecture=f"{STEP}: tanh(x) = (e^x − e^(−x)) / (e^x + e^(−x)), tanh'(x) = 1 − tanh(x)²",
       hint="tanh'(x) is 1 − tanh(x)², with tanh evaluated at x.",
       beyond=_on_other_inputs("tanh", "tanh_derivative"))
def tanh_at_one_half(sub, ref):
    worked(sub, "tanh", 0.5, want=math.tanh(0.5))
    worked(sub, "tanh_derivative", 0.5, want=1 - math.tanh(0.5) ** 2)


@checks.check(part=2, points=2, title="relu and relu_derivative on [-2, 3]",
       lecture=f"{STEP}: ReLU(x) = max(0, x); ReLU'(x) = 1 for x > 0 and 0 for x < 0",
       hint="Work elementwise on the array (np.maximum, np.where or a boolean mask), "
            "not with Python's max() on the whole array.", beyond=_relu_beyond)
def relu_on_lecture_values(sub, ref):
    x = np.array([-2.0, 3.0])
    for name, want in (("relu", np.array([0.0, 3.0])), ("relu_derivative", np.array([0.0, 1.0]))):
        text = f"{name}({fmt(x)})"
        with calling(text):
            got = as_array(sub.call(name, x), x.shape)
        expect_array_close(got, want, text, x, element=name)


def _elementwise(name, element, limit, ignore_zero=False):
    def run(sub, ref):
        search(lambda: activation_inputs(limit),
               lambda x: compare_elementwise(sub, ref, name, element, x, ignore_zero))
    return run


@checks.check(part=2, points=2, title="sigmoid_derivative matches the reference on scalars and arrays",
       lecture=f"{STEP}: σ'(x) = σ(x)(1 − σ(x)), elementwise", hint=DERIVATIVE_HINT,
       hidden=True)
def sigmoid_derivative_matches_reference(sub, ref):
    _elementwise("sigmoid_derivative", "σ'", 1000.0)(sub, ref)


@checks.check(part=2, points=1, title="sigmoid_derivative is the slope of sigmoid",
       lecture=f"{STEP}: σ' is the derivative of σ with respect to its input",
       hint=DERIVATIVE_HINT, hidden=True)
def sigmoid_derivative_is_the_slope(sub, ref):
    _slope_check(sub, ref, "sigmoid", "sigmoid_derivative", 10.0)


@checks.check(part=2, points=1, title="tanh matches the reference on scalars and arrays (|x| ≤ 20)",
       lecture=f"{STEP}: tanh(x) = (e^x − e^(−x)) / (e^x + e^(−x)), elementwise",
       hint="tanh is odd (tanh(−x) = −tanh(x)) and works elementwise on arrays.", hidden=True)
def tanh_matches_reference(sub, ref):
    _elementwise("tanh", "tanh", 20.0)(sub, ref)


@checks.check(part=2, points=2, title="tanh_derivative matches the reference (|x| ≤ 20)",
       lecture=f"{STEP}: tanh'(x) = 1 − tanh(x)², elementwise", hint=DERIVATIVE_HINT,
       hidden=True)
def tanh_derivative_matches_reference(sub, ref):
    _elementwise("tanh_derivative", "tanh'", 20.0)(sub, ref)


@checks.check(part=2, points=1, title="tanh_derivative is the slope of tanh",
       lecture=f"{STEP}: tanh' is the derivative of tanh with respect to its input",
       hint=DERIVATIVE_HINT, hidden=True)
def tanh_derivative_is_the_slope(sub, ref):
    _slope_check(sub, ref, "tanh", "tanh_derivative", 5.0)


@checks.check(part=2, points=2, title="relu matches the reference on scalars and arrays",
       lecture=f"{STEP}: ReLU(x) = max(0, x), elementwise",
       hint="Negative inputs give 0, positive inputs pass through unchanged, elementwise.",
       hidden=True)
def relu_matches_reference(sub, ref):
    _elementwise("relu", "ReLU", 1000.0)(sub, ref)


@checks.check(part=2, points=2, title="relu_derivative matches the reference (0 or 1 at 0)",
       lecture=f"{STEP}: ReLU'(x) = 1 for x > 0, 0 for x < 0 (0 or 1 accepted at x = 0)",
       hint="The derivative is a step: it depends only on the sign of x.", hidden=True)
def relu_derivative_matches_reference(sub, ref):
    for x in (0.0, np.array([-2.0, -0.5, 0.0, 0.5, 3.0])):   # the corner and the unit scale
        compare_elementwise(sub, ref, "relu_derivative", "ReLU'", x, ignore_zero=True)
    _elementwise("relu_derivative", "ReLU'", 1000.0, ignore_zero=True)(sub, ref)


@checks.check(part=2, points=1, title="relu_derivative is the slope of relu (away from 0)",
       lecture=f"{STEP}: ReLU' is the derivative of ReLU with respect to its input",
       hint=DERIVATIVE_HINT, hidden=True)
def relu_derivative_is_the_slope(sub, ref):
    _slope_check(sub, ref, "relu", "relu_derivative", 50.0, avoid_zero=True)

