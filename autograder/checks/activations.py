"""Part 2 — activation functions and their derivatives (all with respect to the input x)."""

import math

import numpy as np

from .. import lecture
from ..values import as_array, as_float, fmt
from .base import calling, check, expect_array_close, expect_close
from .inputs import activation_arrays, tolerance_for

STEP = "Part 2, activation functions"
DERIVATIVE_HINT = ("The derivative is taken with respect to the input x and written as a "
                   "function of x: compute the activation of x first, then use it.")


def _scalar_check(sub, name, x, want, lecture_value=None):
    text = f"{name}({fmt(x)})"
    with calling(text):
        got = as_float(sub.call(name, x))
    expect_close(got, want, text, lecture_value=lecture_value)


def _compare_elementwise(sub, ref, name, element, limit, ignore_zero=False):
    for x in activation_arrays(limit=limit, name=name):
        text = f"{name}({fmt(x)})"
        with calling(text):
            got = as_array(sub.call(name, x), np.shape(x))
        want = as_array(ref.call(name, x), np.shape(x))
        ignore = np.asarray(x) == 0 if ignore_zero else None
        expect_array_close(got, want, text, x, element=element, ignore=ignore,
                           **tolerance_for(x))


@check(part=2, points=2, title="sigmoid_derivative(-3) = 0.0452",
       lecture=f"{STEP}: σ'(x) = σ(x)(1 − σ(x)); the lecture's σ'(−3) ≈ 0.0452",
       hint=DERIVATIVE_HINT)
def sigmoid_derivative_at_minus_3(sub, ref):
    _scalar_check(sub, "sigmoid_derivative", -3.0, lecture.sigma_prime(-3), "0.0452")


@check(part=2, points=2, title="sigmoid_derivative(0.0948) = 0.249",
       lecture=f"{STEP}: σ'(x) = σ(x)(1 − σ(x)); the lecture's σ'(0.0948) ≈ 0.249",
       hint=DERIVATIVE_HINT)
def sigmoid_derivative_at_0_0948(sub, ref):
    _scalar_check(sub, "sigmoid_derivative", 0.0948, lecture.sigma_prime(0.0948), "0.249")


@check(part=2, points=2, title="tanh(0.5) = 0.4621 and tanh_derivative(0.5) = 0.7864",
       lecture=f"{STEP}: tanh(x) = (e^x − e^(−x)) / (e^x + e^(−x)), tanh'(x) = 1 − tanh(x)²",
       hint="tanh'(x) is 1 − tanh(x)², with tanh evaluated at x.")
def tanh_at_one_half(sub, ref):
    _scalar_check(sub, "tanh", 0.5, math.tanh(0.5))
    _scalar_check(sub, "tanh_derivative", 0.5, 1 - math.tanh(0.5) ** 2)


@check(part=2, points=2, title="relu and relu_derivative on [-2, 3]",
       lecture=f"{STEP}: ReLU(x) = max(0, x); ReLU'(x) = 1 for x > 0 and 0 for x < 0",
       hint="Work elementwise on the array (np.maximum, np.where or a boolean mask), "
            "not with Python's max() on the whole array.")
def relu_on_lecture_values(sub, ref):
    x = np.array([-2.0, 3.0])
    for name, want in (("relu", np.array([0.0, 3.0])), ("relu_derivative", np.array([0.0, 1.0]))):
        text = f"{name}({fmt(x)})"
        with calling(text):
            got = as_array(sub.call(name, x), x.shape)
        expect_array_close(got, want, text, x, element=name)


@check(part=2, points=3, title="sigmoid_derivative matches the reference on arrays",
       lecture=f"{STEP}: σ'(x) = σ(x)(1 − σ(x)), elementwise", hint=DERIVATIVE_HINT,
       hidden=True)
def sigmoid_derivative_matches_reference(sub, ref):
    _compare_elementwise(sub, ref, "sigmoid_derivative", "σ'", 1000.0)


@check(part=2, points=2, title="tanh matches the reference on arrays (|x| ≤ 20)",
       lecture=f"{STEP}: tanh, elementwise", hint="tanh is odd: tanh(−x) = −tanh(x).",
       hidden=True)
def tanh_matches_reference(sub, ref):
    _compare_elementwise(sub, ref, "tanh", "tanh", 20.0)


@check(part=2, points=3, title="tanh_derivative matches the reference on arrays (|x| ≤ 20)",
       lecture=f"{STEP}: tanh'(x) = 1 − tanh(x)², elementwise", hint=DERIVATIVE_HINT,
       hidden=True)
def tanh_derivative_matches_reference(sub, ref):
    _compare_elementwise(sub, ref, "tanh_derivative", "tanh'", 20.0)


@check(part=2, points=2, title="relu matches the reference on arrays",
       lecture=f"{STEP}: ReLU(x) = max(0, x), elementwise",
       hint="Negative inputs give 0, positive inputs pass through unchanged.", hidden=True)
def relu_matches_reference(sub, ref):
    _compare_elementwise(sub, ref, "relu", "ReLU", 1000.0)


@check(part=2, points=2, title="relu_derivative matches the reference on arrays",
       lecture=f"{STEP}: ReLU'(x) = 1 for x > 0, 0 for x < 0 (0 or 1 accepted at x = 0)",
       hint="The derivative is a step: it depends only on the sign of x.", hidden=True)
def relu_derivative_matches_reference(sub, ref):
    _compare_elementwise(sub, ref, "relu_derivative", "ReLU'", 1000.0, ignore_zero=True)
