"""Part 1 — the neuron: sigmoid and Neuron.feedforward."""

import numpy as np

from .. import lecture
from ..values import as_array, as_float, fmt
from .base import calling, check, expect_array_close, expect_close
from .inputs import activation_arrays, rng, tolerance_for

STEP = "Part 1, the neuron"


@check(part=1, points=2, title="sigmoid(0) = 0.5",
       lecture=f"{STEP}: σ(x) = 1 / (1 + e^(−x)), so σ(0) = 1 / (1 + 1) = 0.5",
       hint="Check the formula: e^(−0) is 1.")
def sigmoid_at_zero(sub, ref):
    with calling("sigmoid(0.0)"):
        got = as_float(sub.call("sigmoid", 0.0))
    expect_close(got, 0.5, "sigmoid(0.0)")


@check(part=1, points=3, title="Neuron([0, 1], 4).feedforward([2, 3]) = 0.999",
       lecture=f"{STEP}, a simple example: w·x + b = 0·2 + 1·3 + 4 = 7 and σ(7) ≈ 0.999",
       hint="feedforward is the sigmoid of the weighted sum plus the bias: "
            "check the dot product and that the bias is added before σ is applied.")
def neuron_lecture_example(sub, ref):
    text = "Neuron([0, 1], 4).feedforward([2, 3])"
    with calling(text):
        neuron = sub.new("Neuron", lecture.NEURON_WEIGHTS, lecture.NEURON_BIAS)
        got = as_float(sub.method(neuron, "feedforward", lecture.NEURON_X))
    expect_close(got, lecture.NEURON_Y, text, lecture_value="0.999")


@check(part=1, points=3, title="sigmoid matches the reference on arrays, to ±1000",
       lecture=f"{STEP}: σ is elementwise and finite for every finite input",
       hint="σ must accept numpy arrays of any shape and return the same shape; for large |x| "
            "make sure nothing computes inf/inf (the result is then nan).", hidden=True)
def sigmoid_matches_reference(sub, ref):
    for x in activation_arrays(limit=1000.0):
        text = f"sigmoid({fmt(x)})"
        with calling(text):
            got = as_array(sub.call("sigmoid", x), np.shape(x))
        want = as_array(ref.call("sigmoid", x), np.shape(x))
        expect_array_close(got, want, text, x, element="σ", **tolerance_for(x))


@check(part=1, points=2, title="Neuron.feedforward matches the reference on random neurons",
       lecture=f"{STEP}: y = σ(w·x + b) for any weights, bias and inputs",
       hint="Use every weight and every input, and add the bias once.", hidden=True)
def neuron_matches_reference(sub, ref):
    r = rng("neuron")
    for _ in range(5):
        w, b, x = r.normal(0, 2, 2).tolist(), float(r.normal()), r.normal(0, 2, 2).tolist()
        text = f"Neuron({fmt(w)}, {b:.4g}).feedforward({fmt(x)})"
        with calling(text):
            got = as_float(sub.method(sub.new("Neuron", w, b), "feedforward", x))
        want = as_float(ref.method(ref.new("Neuron", w, b), "feedforward", x))
        expect_close(got, want, text)
