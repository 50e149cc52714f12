"""Part 2 — the network, MLP(layer_sizes, activations, seed), and forward propagation."""

import numpy as np

from autograder.authoring import Fail, VALUES, as_array, calling, expect_same, fmt

from .. import lecture
from .common import describe, network, read_parameters, shapes, show
from .registry import checks
from .strategies import NETWORKS, examples, search, term_rng

STEP = "Part 2, forward propagation"
LAYERS = "A₀ = X, Z_l = A_l · W_l + b_l, A_(l+1) = f_l(Z_l)"
def other_network(purpose: str):
    """A 2-3-2 tanh-softmax network and two samples of this term (`term_rng`): (sizes,
    activations, weights, biases, X), numbers no file holds."""
    rng = term_rng(purpose)

    def draw(*shape):
        return np.round(rng.uniform(-1.2, 1.2, shape), 2)
    sizes = [2, 3, 2]
    return (sizes, ["tanh", "softmax"], [draw(2, 3), draw(3, 2)], [draw(3), draw(2)],
            draw(2, 2))


def forward(owner, sizes, acts, weights, biases, X, text):
    with calling(text):
        net = network(owner, sizes, acts, weights, biases)
        return as_array(owner.method(net, "forward", X),
                        (len(X), sizes[-1]) if np.ndim(X) == 2 else (sizes[-1],))


def compare_forward(sub, ref, sizes, acts, weights, biases, X):
    text = f"{describe(sizes, acts)}.forward({show(X)}) with weights {fmt(weights)}"
    got = forward(sub, sizes, acts, weights, biases, X, text)
    want = forward(ref, sizes, acts, weights, biases, X, text)
    expect_same({"output": got}, {"output": want}, text, what="outputs", **VALUES)


def _other_network(sub, ref):
    sizes, acts, weights, biases, X = other_network("forward beyond")
    compare_forward(sub, ref, sizes, acts, weights, biases, X)


@checks.check(part=2, points=4, title="the lecture's network gives 0.7216 on [2, 3]",
              lecture=f"{STEP}: {LAYERS}; the 2-2-1 network with w1 = w3 = w5 = 0, "
                      "w2 = w4 = w6 = 1 and biases 0 gives σ(σ(3)) = 0.7216",
              hint="Multiply the samples (rows) by each layer's weights, add its biases, apply "
                   "its activation, and feed the result to the next layer.",
              beyond=_other_network)
def forward_lecture_example(sub, ref):
    sizes, acts = lecture.ARCHITECTURE
    text = ("MLP([2, 2, 1], ['sigmoid', 'sigmoid']).forward([[2, 3]]) with weights "
            "[[[0, 0], [1, 1]], [[0], [1]]] and biases 0")
    got = forward(sub, sizes, acts, lecture.FEEDFORWARD_WEIGHTS, lecture.ZERO_BIASES,
                  lecture.FEEDFORWARD_X, text)
    expect_same({"output": got}, {"output": np.array([[lecture.FEEDFORWARD_O1]])}, text,
                what="outputs", **VALUES)


@checks.check(part=2, points=4, title="MLP() makes parameters of the contract's shapes, "
              "random by seed", lecture=f"{STEP}: weights[l] of shape (n_l, n_(l+1)), "
              "biases[l] of shape (n_(l+1),), random weights from np.random.default_rng(seed)",
              hint="Draw each layer's weight matrix from np.random.default_rng(seed), one "
                   "matrix per pair of consecutive layer sizes; seed=0 by default.", hidden=True)
def network_has_parameters(sub, ref):
    sizes, acts = [3, 4, 2], ["relu", "softmax"]
    made = []
    for seed in (0, 0, 1, None):
        text = f"MLP({sizes}, {acts}" + (f", seed={seed})" if seed is not None else ")")
        with calling(text):
            handle = sub.new("MLP", sizes, acts, *([] if seed is None else [seed]))
            made.append(read_parameters(sub, handle, sizes, text))
    (w0, _), (w0_again, _), (w1, _), (w_default, _) = made
    if any(not np.array_equal(a, b) for a, b in zip(w0, w0_again)):
        raise Fail(f"two networks MLP({sizes}, {acts}, seed=0) have different weights: the "
                   "same seed must give the same network")
    if any(not np.array_equal(a, b) for a, b in zip(w0, w_default)):
        raise Fail(f"MLP({sizes}, {acts}) and MLP({sizes}, {acts}, seed=0) have different "
                   "weights: the contract's default seed is 0")
    if all(np.array_equal(a, b) for a, b in zip(w0, w1)):
        raise Fail(f"MLP({sizes}, {acts}) with seeds 0 and 1 have the same weights: draw them "
                   "from np.random.default_rng(seed)")
    if all(np.all(w == w.flat[0]) for w in w0):
        raise Fail(f"MLP({sizes}, {acts}, seed=0) has weights that are all equal within each "
                   "layer: every neuron would then learn the same thing")
    expected = shapes(sizes)[0]
    if [w.shape for w in w0] != expected:
        raise Fail(f"weights of shapes {[w.shape for w in w0]}, expected {expected}")


@checks.check(part=2, points=10, title="forward matches the reference on random networks",
              lecture=f"{STEP}: {LAYERS}, any number of layers of any size, softmax last",
              hint="Loop over the layers; each reads self.weights[l] and self.biases[l] as they "
                   "are when forward is called, and the softmax acts on each row.", hidden=True)
def forward_matches_reference(sub, ref):
    search(examples, lambda ex: compare_forward(sub, ref, *ex[:5]), examples=25, cases=NETWORKS)


@checks.check(part=2, points=2, title="forward of one sample (1-D) gives shape (n_outputs,)",
              lecture=f"{STEP}: a 1-D X of shape (n_inputs,) is one sample and gives shape "
                      "(n_outputs,)",
              hint="Treat a 1-D X as a batch of one row (np.atleast_2d) and return that row.",
              hidden=True)
def forward_of_one_sample(sub, ref):
    search(examples, lambda ex: compare_forward(sub, ref, *ex[:4], ex[4][0]), examples=10)
