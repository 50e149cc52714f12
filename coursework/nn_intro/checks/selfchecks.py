"""Self-checks: what the student's own functions must satisfy together, judged without the
reference (so they leak nothing of it and run in the students' pytest, before hand-in).

Each compares one of the student's functions with another of the student's own, or with the
contract's equations worked through the student's own sigmoid: a derivative with the slope of
the student's activation (central differences, as CS231n's gradient check), backprop with the
slopes of the student's own feedforward and loss, one epoch of train with the steps the
student's own backprop prescribes. They carry no points of their own: the graded checks
decide the grade.
"""

import numpy as np

from autograder.authoring import (Fail, H, as_array, as_float, as_float_dict, calling,
                                 central_difference, close, expect_same, fmt, is_slope_of,
                                 not_flat, off_slope, two)

from .. import lecture
from .backprop import call_text, partials
from .network_inputs import describe, network, read_parameters
from .registry import checks

SELF = "self-check (no points): "
PARAMS = dict(zip(lecture.PARAMETERS, (0.5, -0.8, 1.1, 0.3, -1.2, 0.9, 0.2, -0.4, 0.6)))


def _sigmoid(sub, z: float) -> float:
    with calling(f"sigmoid({fmt(z)})"):
        return as_float(sub.call("sigmoid", z))


@checks.check(part=1, points=0, title=SELF + "sigmoid on an array: finite, in [0, 1], "
              "σ(−x) = 1 − σ(x)",
              lecture="Part 1, the neuron: σ(x) = 1 / (1 + e^(−x)), elementwise",
              hint="Use numpy (np.exp works on whole arrays; math.exp does not), and keep e^(−x) "
                   "from overflowing at x = −1000 (np.clip, or σ(x) = e^x / (1 + e^x) for x < 0).")
def sigmoid_self_check(sub, ref):
    x = np.array([-1000.0, -3.0, -0.5, 0.0, 0.5, 3.0, 1000.0])
    text = f"sigmoid({fmt(x)})"
    with calling(text):
        got = as_array(sub.call("sigmoid", x), x.shape)
    if np.any(got < 0) or np.any(got > 1) or not np.allclose(got + got[::-1], 1.0, atol=1e-9):
        raise Fail(f"{text} returned {fmt(got)}: every value should lie in [0, 1] and "
                   "σ(−x) + σ(x) should be 1")


@checks.check(part=1, points=0, title=SELF + "Neuron with three inputs is σ(w · x + b) of your "
              "own sigmoid",
              lecture="Part 1, the neuron: feedforward(x) = σ(w · x + b), for any number of inputs",
              hint="Multiply every weight by its input and add them all (np.dot), then add the "
                   "bias, then apply sigmoid.")
def neuron_self_check(sub, ref):
    weights, bias, x = [0.5, -1.0, 2.0], 0.3, [1.0, 2.0, -0.5]
    text = f"Neuron({fmt(weights)}, {fmt(bias)}).feedforward({fmt(x)})"
    with calling(text):
        got = as_float(sub.method(sub.new("Neuron", weights, bias), "feedforward", x))
    want = _sigmoid(sub, float(np.dot(weights, x) + bias))
    if not close(got, want):
        a, b = two(got, want)
        raise Fail(f"{text} returned {a}, but your sigmoid of w · x + b = "
                   f"{fmt(float(np.dot(weights, x) + bias))} is {b}")


@checks.check(part=2, points=0, title=SELF + "each derivative is the slope of your own "
              "activation, on numbers and arrays",
              lecture="Part 2, activation functions: f'(x) is the slope of f at x",
              hint="Differentiate with respect to the input x, work elementwise on arrays (numpy, "
                   "not math), and keep σ'(±1000) finite.")
def derivatives_self_check(sub, ref):
    for derivative, function, xs, limit in (
            ("sigmoid_derivative", "sigmoid", (-4.0, -0.5, 0.5, 4.0), 1000.0),
            ("tanh_derivative", "tanh", (-2.0, -0.3, 0.3, 2.0), 20.0),     # the contract's range
            ("relu_derivative", "relu", (-2.0, -0.5, 0.5, 2.0), 1000.0)):
        slopes = [is_slope_of(sub, sub, derivative, function, x) for x in xs]
        not_flat(slopes, f"the slopes of your {function} at {fmt(list(xs))}")
        big = np.array([[-limit, -1.0], [0.25, limit]])
        for name in (function, derivative):
            with calling(f"{name}({fmt(big)})"):
                as_array(sub.call(name, big), big.shape)
    with calling("relu_derivative(0)"):
        at_zero = as_float(sub.call("relu_derivative", 0.0))
    if at_zero not in (0.0, 1.0):
        raise Fail(f"relu_derivative(0) returned {fmt(at_zero)}: at 0 either 0 or 1 is "
                   "accepted, nothing else")


@checks.check(part=3, points=0, title=SELF + "feedforward follows the lecture's three equations "
              "with your own sigmoid",
              lecture="Part 3, feedforward: h1 = f(w1·x1 + w2·x2 + b1), h2 = f(w3·x1 + w4·x2 + "
                      "b2), o1 = f(w5·h1 + w6·h2 + b3)",
              hint="Check each weight and bias sits in its own place: w1, w2 and b1 for h1; w3, "
                   "w4 and b2 for h2; w5, w6 and b3 for o1.")
def feedforward_self_check(sub, ref):
    p, x = PARAMS, [1.5, -0.7]
    not_flat([_sigmoid(sub, 1.0) - _sigmoid(sub, -1.0)], "your sigmoid(1) − sigmoid(−1)")
    text = f"feedforward({fmt(x)}) with {describe(p)}"
    with calling(text):
        got = as_float(sub.method(network(sub, p), "feedforward", np.array(x)))
    h1 = _sigmoid(sub, p["w1"] * x[0] + p["w2"] * x[1] + p["b1"])
    h2 = _sigmoid(sub, p["w3"] * x[0] + p["w4"] * x[1] + p["b2"])
    want = _sigmoid(sub, p["w5"] * h1 + p["w6"] * h2 + p["b3"])
    if not close(got, want):
        a, b = two(got, want)
        raise Fail(f"{text} returned {a}, but the three equations with your own sigmoid give {b}")


@checks.check(part=4, points=0, title=SELF + "mse_loss([0.5, -1, 2], [1, 1, 0.5]) = 2.1667",
              lecture="Part 4, the loss: MSE = (1/n) Σ (y_true − y_pred)²: (0.25 + 4 + 2.25) / 3",
              hint="Square each error (not its absolute value), then take the mean.")
def mse_self_check(sub, ref):
    text = "mse_loss([0.5, -1, 2], [1, 1, 0.5])"
    with calling(text):
        got = as_float(sub.call("mse_loss", [0.5, -1.0, 2.0], [1.0, 1.0, 0.5]))
    if not close(got, 6.5 / 3):
        raise Fail(f"{text} returned {fmt(got)}, expected {fmt(6.5 / 3)}")


@checks.check(part=5, points=0, title=SELF + "backprop matches the slopes of your own "
              "feedforward's loss, and changes no parameter",
              lecture="Part 5, backpropagation: ∂L/∂p is the slope of L = (y_true − y_pred)² as "
                      "p alone changes (the numerical gradient check)",
              hint="For each parameter named, write out its chain of factors from L back to it; "
                   "compute every partial from the current parameters without changing them.")
def backprop_self_check(sub, ref):
    x, y_true = [0.8, -0.5], 0.3
    text = call_text(PARAMS, x, y_true)
    net = network(sub, PARAMS)
    with calling(text):
        got = as_float_dict(sub.method(net, "backprop", np.array(x), y_true),
                            lecture.PARAMETERS)
    after = read_parameters(sub, net, f"after {text}")
    changed = [p for p in lecture.PARAMETERS if after[p] != PARAMS[p]]
    if changed:
        raise Fail(f"{text} changed {', '.join(changed)}: backprop must leave the parameters "
                   "as they are")

    def loss(p, value):
        with calling(f"feedforward({fmt(x)})"):
            y = as_float(sub.method(network(sub, {**PARAMS, p: value}), "feedforward",
                                    np.array(x)))
        return (y_true - y) ** 2
    slopes = {p: central_difference(lambda v: loss(p, v), PARAMS[p]) for p in lecture.PARAMETERS}
    not_flat(slopes.values(), f"the slopes of (y_true − feedforward({fmt(x)}))² with your own "
             "feedforward, one parameter at a time")
    for p, slope in slopes.items():
        error = off_slope(got[p], slope)
        if error is not None:
            raise Fail(f"{text} gives ∂L/∂{p} = {fmt(got[p])}, but the slope of (y_true − "
                       f"feedforward)² as {p} alone changes (central differences of your own "
                       f"feedforward, h = {H:g}) is {fmt(slope)}: relative error {error:.2g}. "
                       "These slopes come from your own feedforward: when its self-check "
                       "fails too, mend feedforward first")


@checks.check(part=6, points=0, title=SELF + "one epoch of train takes the steps your own "
              "backprop prescribes, sample by sample",
              lecture="Part 6, training: for each sample in order, compute every ∂L/∂p, then "
                      "p ← p − η · ∂L/∂p",
              hint="Visit the samples in the given order; for each, take all nine partials from "
                   "backprop first, then move every parameter by −learn_rate times its partial.")
def train_self_check(sub, ref):
    data, y_trues, learn_rate = [[0.8, -0.5], [-1.2, 0.4]], [1.0, 0.0], 0.05
    text = (f"train({fmt(np.array(data))}, {fmt(np.array(y_trues))}, learn_rate=0.05, "
            f"epochs=1) from {describe(PARAMS)}")
    net = network(sub, PARAMS)
    with calling(text):                             # first: the part's own function
        sub.method(net, "train", np.array(data), np.array(y_trues), learn_rate, 1)
    got = read_parameters(sub, net, f"after {text}")
    want, steps = dict(PARAMS), []
    for x, y_true in zip(data, y_trues):
        grads = partials(sub, want, x, y_true, call_text(want, x, y_true))
        steps += grads.values()
        want = {p: want[p] - learn_rate * grads[p] for p in lecture.PARAMETERS}
    not_flat(steps, "your backprop's partials along this epoch")
    expect_same(got, want, f"after {text}", what="parameters", said="your backprop's steps give")
