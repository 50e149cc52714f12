"""Self-checks: what the student's own functions must satisfy together, judged without the
reference (so they leak nothing of it and run in the students' pytest, before hand-in).

A derivative against the slope of the student's own activation; softmax against its own rows;
forward against the contract's layer equations worked through the student's own activations;
backprop against the slopes of the student's own forward and loss; one epoch of train against
the steps the student's own backprop prescribes. No points of their own: the graded checks
decide the grade.
"""

import numpy as np

from autograder.authoring import (Fail, H, as_array, as_float, as_float_list, calling, close, fmt,
                                 is_slope_of, not_flat, off_slope, two)

from .backprop import gradients
from .common import describe, network, read_parameters, show
from .registry import checks

SELF = "self-check (no points): "
SIZES, ACTS = [2, 2, 3], ["tanh", "softmax"]
WEIGHTS = [np.array([[0.5, -0.9], [0.8, 0.3]]), np.array([[1.1, -0.4, 0.2], [-0.7, 0.6, 0.9]])]
BIASES = [np.array([0.1, -0.2]), np.array([0.05, -0.1, 0.3])]
X = np.array([[0.6, -1.2], [1.5, 0.4], [-0.3, 0.9]])
Y = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
TRAIN_X = np.vstack([X, [[0.2, 0.2], [-1.0, -0.5]]])
TRAIN_Y = np.vstack([Y, [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]])


def _array(sub, name, z):
    with calling(f"{name}({fmt(z)})"):
        return as_array(sub.call(name, z), np.shape(z))


@checks.check(part=1, points=0, title=SELF + "each derivative is the slope of your own "
              "activation; relu and softmax keep to their definitions",
              lecture="Part 1, activation functions: f'(z) is the slope of f at z; ReLU(z) = "
                      "max(0, z); softmax maps each row to e^(z_j) / Σ_i e^(z_i) of that row",
              hint="Differentiate with respect to z; for softmax, exponentiate and sum along "
                   "the last axis only (axis=-1, keepdims=True).")
def activations_self_check(sub, ref):
    for name in ("sigmoid", "tanh", "relu", "identity"):
        zs = (-2.0, -0.5, 0.5, 2.0)
        not_flat([is_slope_of(sub, sub, f"{name}_derivative", name, z) for z in zs],
                 f"the slopes of your {name} at {fmt(list(zs))}")
    z = np.array([-2.0, -0.5, 0.5, 2.0])
    got = _array(sub, "relu", z)
    if not np.array_equal(got, np.maximum(0.0, z)):
        raise Fail(f"relu({fmt(z)}) returned {fmt(got)}, expected {fmt(np.maximum(0.0, z))}: "
                   "max(0, z), 0 for every negative z")
    Z = np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 0.0], [2.0, 2.0, -3.0]])
    got = _array(sub, "softmax", Z)
    shifted = _array(sub, "softmax", Z + np.array([[0.0], [5.0], [-2.0]]))
    for i, row in enumerate(Z):
        alone = _array(sub, "softmax", row)
        if not (close(float(got[i].sum()), 1.0) and np.allclose(got[i], alone)
                and np.allclose(got[i], shifted[i])):
            raise Fail(f"softmax({fmt(Z)}) gives row {i} as {fmt(got[i])}: each row must sum "
                       f"to 1, equal softmax of that row alone ({fmt(alone)}), and not change "
                       "when a constant is added to the row")
    if not np.all(np.diff(got[0]) > 0):
        raise Fail(f"softmax({fmt(Z)}) gives row 0 as {fmt(got[0])}: a larger z must get a "
                   "larger share, as e^z grows with z")


@checks.check(part=2, points=0, title=SELF + "forward follows the layer equations with your own "
              "activations, and one sample is a row of a batch",
              lecture="Part 2, forward propagation: A₀ = X, Z_l = A_l · W_l + b_l, A_(l+1) = "
                      "f_l(Z_l); a 1-D X is one sample",
              hint="Multiply by each layer's weights (not transposed), add its biases, apply its "
                   "own activation; for a 1-D X return a 1-D result.")
def forward_self_check(sub, ref):
    text = f"{describe(SIZES, ACTS)}.forward({show(X)}) with weights {fmt(WEIGHTS)}"
    net = network(sub, SIZES, ACTS, WEIGHTS, BIASES)
    with calling(text):
        got = as_array(sub.method(net, "forward", X), (len(X), SIZES[-1]))
    A = X
    for W, b, act in zip(WEIGHTS, BIASES, ACTS):
        A = _array(sub, act, A @ W + b)
    not_flat([A - A[0]], "how the layer equations with your own activations change from row "
             "to row of X")
    if not np.allclose(got, A, rtol=1e-6, atol=1e-9):
        raise Fail(f"{text} returned {fmt(got)}, but the layer equations with your own "
                   f"activations give {fmt(A)}")
    one = f"{describe(SIZES, ACTS)}.forward({fmt(X[0])})"
    with calling(one):
        row = as_array(sub.method(net, "forward", X[0]), (SIZES[-1],))
    if not np.allclose(row, got[0]):
        raise Fail(f"{one} returned {fmt(row)}, but the first row of the batch is {fmt(got[0])}")


@checks.check(part=2, points=0, title=SELF + "MLP() makes the contract's shapes, the same for "
              "one seed and different for another",
              lecture="Part 2, the network: weights[l] of shape (layer_sizes[l], "
                      "layer_sizes[l + 1]), drawn from np.random.default_rng(seed)",
              hint="Draw every weight from np.random.default_rng(seed), with the seed given.")
def init_self_check(sub, ref):
    sizes = [3, 4, 2]
    found = {}
    for seed in (1, 1, 2):
        text = f"MLP({sizes}, ['relu', 'identity'], seed={seed})"
        with calling(text):
            handle = sub.new("MLP", sizes, ["relu", "identity"], seed)
        found.setdefault(seed, []).append(read_parameters(sub, handle, sizes, text)[0])
    (first, again), [other] = found[1], found[2]
    if not all(np.array_equal(a, b) for a, b in zip(first, again)):
        raise Fail(f"MLP({sizes}, …, seed=1) made different weights twice: the same seed must "
                   "give the same network")
    if all(np.array_equal(a, b) for a, b in zip(first, other)):
        raise Fail(f"MLP({sizes}, …) made the same weights with seed=1 and seed=2: draw them "
                   "from np.random.default_rng(seed)")


@checks.check(part=3, points=0, title=SELF + "mse_loss([[0.5, -1], [2, 0]], [[1, 1], [0.5, 0]]) "
              "= 1.625",
              lecture="Part 3, the loss: the mean of (Y_true − Y_pred)² over all entries: "
                      "(0.25 + 4 + 2.25 + 0) / 4",
              hint="Square each error (not its absolute value), then take the mean over every "
                   "entry (np.mean), not a sum.")
def mse_self_check(sub, ref):
    text = "mse_loss([[0.5, -1], [2, 0]], [[1, 1], [0.5, 0]])"
    with calling(text):
        got = as_float(sub.call("mse_loss", np.array([[0.5, -1.0], [2.0, 0.0]]),
                                np.array([[1.0, 1.0], [0.5, 0.0]])))
    if not close(got, 1.625):
        raise Fail(f"{text} returned {fmt(got)}, expected 1.625")


def _own_loss(sub, weights, biases, X=X, Y=Y) -> float:
    with calling(f"forward({show(X)})"):
        out = as_array(sub.method(network(sub, SIZES, ACTS, weights, biases), "forward", X),
                       Y.shape)
    with calling("mse_loss"):
        return as_float(sub.call("mse_loss", Y, out))


@checks.check(part=4, points=0, title=SELF + "backprop matches the slopes of your own forward's "
              "loss, softmax output and a batch of three",
              lecture="Part 4, backpropagation: ∂L/∂p is the slope of mse_loss(Y, forward(X)) "
                      "as p alone changes (the numerical gradient check)",
              hint="Go back one layer at a time; through softmax the full Jacobian of each row "
                   "counts; L is the mean over all entries, so divide by Y.size once.")
def backprop_self_check(sub, ref):
    text = f"{describe(SIZES, ACTS)}.backprop({show(X)}, {show(Y)}) with weights {fmt(WEIGHTS)}"
    dW, db = gradients(sub, SIZES, ACTS, WEIGHTS, BIASES, X, Y, text)
    slopes = []                                 # (kind, layer, index, backprop's, the slope)
    for kind, got, params in (("dW", dW, WEIGHTS), ("db", db, BIASES)):
        for l, layer in enumerate(params):
            for index in np.ndindex(layer.shape):
                def loss(value):
                    moved = [p.copy() for p in params]
                    moved[l][index] = value
                    return _own_loss(sub, *((moved, BIASES) if kind == "dW"
                                            else (WEIGHTS, moved)))
                v = layer[index]
                slopes.append((kind, l, index, float(got[l][index]),
                               (loss(v + H) - loss(v - H)) / (2 * H)))
    not_flat([s[-1] for s in slopes], "the slopes of mse_loss(Y, forward(X)) with your own "
             "forward and loss, one parameter at a time")
    for kind, l, index, g, slope in slopes:
        error = off_slope(g, slope)
        if error is not None:
            raise Fail(f"{text}: {kind}[{l}]{list(index)} is {fmt(g)}, but the slope of "
                       "mse_loss(Y, forward(X)) with your own forward and loss is "
                       f"{fmt(slope)} (central differences, h = {H:g}): relative "
                       f"error {error:.2g}. These slopes come from your own forward: "
                       "when its own self-check fails too, mend forward first")


@checks.check(part=5, points=0, title=SELF + "one epoch of train takes the steps your own "
              "backprop prescribes, batch by batch, and reports your own loss",
              lecture="Part 5, training: for each batch in order, compute every gradient, then "
                      "p ← p − η · ∂L/∂p; after the epoch, the MSE over the whole data set",
              hint="Step through the rows in order in batches of batch_size; update weights and "
                   "biases after each batch's gradients; record the loss of all of X.")
def train_self_check(sub, ref):
    learn_rate, batch_size = 0.05, 2                    # three batches, the last one partial
    X, Y = TRAIN_X, TRAIN_Y
    text = (f"{describe(SIZES, ACTS)}.train({show(X)}, {show(Y)}, learn_rate=0.05, epochs=1, "
            f"batch_size=2) from weights {fmt(WEIGHTS)}")
    net = network(sub, SIZES, ACTS, WEIGHTS, BIASES)
    with calling(text):                             # first: the part's own function
        losses = as_float_list(sub.method(net, "train", X, Y, learn_rate, 1, batch_size), 1)
    got_w, got_b = read_parameters(sub, net, SIZES, f"after {text}")
    W, b = [w.copy() for w in WEIGHTS], [v.copy() for v in BIASES]
    steps = []
    for start in range(0, len(X), batch_size):
        xb, yb = X[start:start + batch_size], Y[start:start + batch_size]
        dW, db = gradients(sub, SIZES, ACTS, W, b, xb, yb, "your backprop")
        steps += [*dW, *db]
        W = [w - learn_rate * g for w, g in zip(W, dW)]
        b = [v - learn_rate * g for v, g in zip(b, db)]
    not_flat(steps, "your backprop's gradients along this epoch")
    for name, got, want in (("weights", got_w, W), ("biases", got_b, b)):
        for l, (g, w) in enumerate(zip(got, want)):
            if not np.allclose(g, w, rtol=1e-6, atol=1e-9):
                raise Fail(f"after {text}, {name}[{l}] is {fmt(g)}; your backprop's steps give "
                           f"{fmt(w)}")
    own = _own_loss(sub, got_w, got_b, X, Y)
    if not close(losses[0], own):
        a, b_ = two(losses[0], own)
        raise Fail(f"{text} returned the loss {a}, but your mse_loss of your forward after the "
                   f"epoch is {b_}")
