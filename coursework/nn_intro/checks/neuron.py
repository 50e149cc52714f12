"""Part 1 — the neuron: sigmoid and Neuron.feedforward."""

import numpy as np

from autograder.authoring import (agrees, agrees_elementwise, as_float, calling, expect_close,
                                 fmt, worked)

from .. import lecture
from .registry import checks
from .strategies import activation_inputs, floats, search, st, term_values

STEP = "Part 1, the neuron"


def _sigmoid_beyond(sub, ref):
    for x in term_values("sigmoid beyond", 3, 4.0):
        agrees(sub, ref, "sigmoid", x)


def _neuron_beyond(sub, ref):
    w1, w2, bias, x1, x2 = term_values("neuron beyond", 5, 2.0)
    _compare_neuron(sub, ref, [w1, w2], bias, [x1, x2])


@checks.check(part=1, points=2, title="sigmoid(0) = 0.5",
       lecture=f"{STEP}: σ(x) = 1 / (1 + e^(−x)), so σ(0) = 1 / (1 + 1) = 0.5",
       hint="Check the formula: e^(−0) is 1.", beyond=_sigmoid_beyond)
def sigmoid_at_zero(sub, ref):
    worked(sub, "sigmoid", 0.0, want=0.5)


@checks.check(part=1, points=3, title="Neuron([0, 1], 4).feedforward([2, 3]) = 0.999",
       lecture=f"{STEP}, a simple example: w·x + b = 0·2 + 1·3 + 4 = 7 and σ(7) ≈ 0.999",
       hint="feedforward is the sigmoid of the weighted sum plus the bias: "
            "check the dot product and that the bias is added before σ is applied.",
       beyond=_neuron_beyond)
def neuron_lecture_example(sub, ref):
    text = "Neuron([0, 1], 4).feedforward([2, 3])"
    with calling(text):
        neuron = sub.new("Neuron", lecture.NEURON_WEIGHTS, lecture.NEURON_BIAS)
        got = as_float(sub.method(neuron, "feedforward", lecture.NEURON_X))
    expect_close(got, lecture.NEURON_Y, text, lecture_value="0.999")


def compare_elementwise(sub, ref, name: str, element: str, x, ignore_zero: bool = False):
    """`name(x)` of the submission against the reference's, element by element (ReLU' may
    give 0 or 1 at its corner, x = 0)."""
    agrees_elementwise(sub, ref, name, x, element=element, corner=(0.0, 1.0) if ignore_zero else ())


@checks.check(part=1, points=2, title="sigmoid matches the reference on scalars and arrays",
       lecture=f"{STEP}: σ(x) = 1 / (1 + e^(−x)), elementwise",
       hint="σ must accept numpy arrays of any shape and return the same shape; use numpy "
            "functions (np.exp), which work elementwise, rather than the math module.",
       hidden=True)
def sigmoid_matches_reference(sub, ref):
    search(lambda: activation_inputs(1000.0), lambda x: compare_elementwise(sub, ref, "sigmoid", "σ", x))


@checks.check(part=1, points=1, title="sigmoid stays finite at ±1000",
       lecture=f"{STEP}: σ(x) is between 0 and 1 for every finite x",
       hint="For large |x| one of e^x and e^(−x) overflows to inf; make sure nothing computes "
            "inf/inf (which is nan). 1 / (1 + e^(−x)) is safe, e^x / (1 + e^x) is not.",
       hidden=True, earned_by=("sigmoid_at_zero", "sigmoid_matches_reference"))
def sigmoid_is_finite_at_extremes(sub, ref):
    x = np.array([-1000.0, -710.0, -100.0, 100.0, 710.0, 1000.0])
    compare_elementwise(sub, ref, "sigmoid", "σ", x)
    for scalar in (-1000.0, 1000.0):
        compare_elementwise(sub, ref, "sigmoid", "σ", scalar)


@checks.check(part=1, points=2, title="Neuron.feedforward matches the reference on random neurons "
       "of 1 to 4 inputs",
       lecture=f"{STEP}: y = σ(w·x + b) for any weights, bias and inputs; the lecture's neuron "
               "has two inputs, a neuron in general as many as it has weights",
       hint="Use every weight with its own input (np.dot does it for any number of them), and "
            "add the bias once, before σ.",
       hidden=True)
def neuron_matches_reference(sub, ref):
    def neurons(n):
        vector = st.lists(floats(5.0), min_size=n, max_size=n)
        return st.tuples(vector, floats(5.0), vector, st.booleans())

    def body(example):
        w, b, x, as_array_ = example
        _compare_neuron(sub, ref, np.array(w) if as_array_ else w, b, x)

    search(lambda: st.integers(1, 4).flatmap(neurons), body)


def _compare_neuron(sub, ref, w, b, x):
    text = f"Neuron({fmt(w)}, {fmt(b)}).feedforward({fmt(x)})"
    with calling(text):
        got = as_float(sub.method(sub.new("Neuron", w, b), "feedforward", x))
    want = as_float(ref.method(ref.new("Neuron", w, b), "feedforward", x))
    expect_close(got, want, text)
