"""Part 4 — backpropagation: MLP.backprop(X, Y) -> (dW, db)."""

import numpy as np

from autograder.authoring import (Fail, GRADIENTS, THRESHOLD, as_any_array, as_float, as_items,
                                 calling, expect_close, expect_same, fmt, off_slope)

from .. import lecture
from .common import as_arrays, describe, network, read_parameters, shapes, show
from .forward import other_network
from .registry import checks
from .strategies import NETWORKS, examples, search

STEP = "Part 4, backpropagation"
CHAIN = ("∂L/∂Z_l = ∂L/∂A_(l+1) ⊙ f'_l(Z_l), ∂L/∂W_l = A_lᵀ ∂L/∂Z_l, ∂L/∂b_l = Σ ∂L/∂Z_l over "
         "the samples, ∂L/∂A_l = ∂L/∂Z_l W_lᵀ")
VALUES = ("backprop_lecture_w1", "backprop_matches_reference", "backprop_gradient_check")
H = 1e-6


def gradients(owner, sizes, acts, weights, biases, X, Y, text):
    """(dW, db) as float arrays shaped like the parameters."""
    with calling(text):
        got = owner.method(network(owner, sizes, acts, weights, biases), "backprop", X, Y)
        dW, db = as_items(got, 2, "a pair (dW, db)")
    w_shapes, b_shapes = shapes(sizes)
    return as_arrays(dW, w_shapes, f"{text}: dW"), as_arrays(db, b_shapes, f"{text}: db")


def call_text(sizes, acts, weights, X, Y) -> str:
    return f"{describe(sizes, acts)}.backprop({show(X)}, {show(Y)}) with weights {fmt(weights)}"


def _w1_beyond(sub, ref):
    sizes, acts, weights, biases, X = other_network("backprop beyond")
    Y = np.array([[1.0, 0.0], [0.0, 1.0]])
    text = call_text(sizes, acts, weights, X, Y)
    got = gradients(sub, sizes, acts, weights, biases, X, Y, text)[0][0]
    want = gradients(ref, sizes, acts, weights, biases, X, Y, text)[0][0]
    expect_same({"dW[0]": got}, {"dW[0]": want}, text, what="gradients", **GRADIENTS)


@checks.check(part=4, points=6, title="∂L/∂w1 = 0.0214 for Alice on the all-ones network",
              lecture=f"{STEP}: {CHAIN}; for the lecture's network, dW[0][0, 0] = ∂L/∂w1 = "
                      "(−0.952)(0.249)(−2 · 0.0452) = 0.0214",
              hint="Go back from the output one layer at a time: the error times the "
                   "activation's slope at Z, then the layer's input transposed times that.",
              beyond=_w1_beyond)
def backprop_lecture_w1(sub, ref):
    sizes, acts = lecture.ARCHITECTURE
    text = "backprop([[-2, -1]], [[1]]) on the lecture's network with all weights 1, biases 0"
    dW, _ = gradients(sub, sizes, acts, lecture.ALL_ONES, lecture.ZERO_BIASES, lecture.ALICE_X,
                      lecture.ALICE_Y, text)
    expect_close(float(dW[0][0, 0]), lecture.D_L_D_W1, f"{text}: dW[0][0, 0]", rel=1e-5,
                 lecture_value="0.0214")


@checks.check(part=4, points=3, title="backprop returns (dW, db) shaped like the parameters",
              lecture=f"{STEP}: one gradient for each parameter: dW[l] like weights[l], db[l] "
                      "like biases[l]",
              hint="Return a pair of lists: one array per layer in each, of the parameter's "
                   "own shape (db[l] is a vector: sum over the samples).", hidden=True,
              earned_by=VALUES)
def backprop_shapes(sub, ref):
    search(examples, lambda ex: gradients(sub, *ex, call_text(*ex[:3], *ex[4:])), examples=10)


@checks.check(part=4, points=10, title="every dW and db matches the reference",
              lecture=f"{STEP}: {CHAIN}; through a softmax output the full Jacobian counts",
              hint="The loss is the mean over all entries: ∂L/∂A of the output is −2(Y − A)/Y.size. "
                   "Evaluate f' at Z (not at A), sum db over the samples, and for a softmax use "
                   "S ⊙ (g − Σ_j g_j S_j) row by row.", hidden=True)
def backprop_matches_reference(sub, ref):
    def body(ex):
        text = call_text(*ex[:3], *ex[4:])
        dW, db = gradients(sub, *ex, text)
        want_dW, want_db = gradients(ref, *ex, text)
        expect_same({"dW": dW, "db": db}, {"dW": want_dW, "db": want_db}, text,
                    what="gradients", **GRADIENTS)

    search(examples, body, examples=25, cases=NETWORKS)


def _loss(ref, sizes, acts, weights, biases, X, Y) -> float:
    text = "the reference"
    with calling(text):
        out = ref.method(network(ref, sizes, acts, weights, biases), "forward", X)
    return as_float(ref.call("mse_loss", Y, as_any_array(out)))


@checks.check(part=4, points=8, title="backprop agrees with central differences of the loss",
              lecture=f"{STEP}: ∂L/∂p is the slope of L as p alone changes",
              hint="For the entry named, follow the chain from L back to that parameter, link "
                   "by link.", hidden=True)
def backprop_gradient_check(sub, ref):
    def body(ex):
        sizes, acts, weights, biases, X, Y = ex
        text = call_text(sizes, acts, weights, X, Y)
        dW, db = gradients(sub, *ex, text)
        rng = np.random.default_rng(len(X) * 31 + sum(sizes))
        for name, params, grads in (("dW", weights, dW), ("db", biases, db)):
            l = int(rng.integers(len(params)))
            index = tuple(int(rng.integers(n)) for n in params[l].shape)
            up = [p.copy() for p in params]
            down = [p.copy() for p in params]
            up[l][index] += H
            down[l][index] -= H
            w_up, b_up = (up, biases) if name == "dW" else (weights, up)
            w_down, b_down = (down, biases) if name == "dW" else (weights, down)
            slope = (_loss(ref, sizes, acts, w_up, b_up, X, Y)
                     - _loss(ref, sizes, acts, w_down, b_down, X, Y)) / (2 * H)
            got = float(grads[l][index])
            error = off_slope(got, slope, floor=1e-7)
            if error is not None:
                raise Fail(f"{text}: {name}[{l}]{list(index)} is {fmt(got)}, central "
                           f"differences of the loss give {fmt(slope)} (h = {H:g}, relative "
                           f"error {error:.2g}, threshold {THRESHOLD:g})")

    search(examples, body, examples=20)


@checks.check(part=4, points=3, title="backprop leaves the parameters unchanged",
              lecture=f"{STEP}: backprop only computes gradients; part 5 updates the parameters",
              hint="Compute into new arrays; do not assign to self.weights or self.biases (or "
                   "their arrays, in place) in backprop.", hidden=True, earned_by=VALUES)
def backprop_leaves_parameters(sub, ref):
    def body(ex):
        sizes, acts, weights, biases, X, Y = ex
        text = call_text(sizes, acts, weights, X, Y)
        with calling(text):
            net = network(sub, sizes, acts, weights, biases)
            sub.method(net, "backprop", X, Y)
        after_w, after_b = read_parameters(sub, net, sizes, f"after {text}")
        expect_same({"weights": after_w, "biases": after_b},
                    {"weights": weights, "biases": biases}, f"after {text}",
                    what="parameters", said="before the call", rel=0.0, abs_=0.0)

    search(examples, body, examples=5, shrink=False)
