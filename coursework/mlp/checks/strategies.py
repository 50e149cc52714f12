"""The named hypothesis strategies of `mlp`'s hidden checks.

  activations   floats and arrays of 0-3 dimensions (sides 1-4) in float64, float32 and int64,
                within ±1000 (±20 for tanh)
  softmax       1-D and 2-D arrays (1-4 rows of 1-5 entries) within ±50, and rows of ±1000
  networks      1-3 layers after the input, each of 1-4 neurons; hidden activations among
                sigmoid, tanh, relu, identity; the last also softmax (2 or more outputs);
                weights and biases in [-2, 2] with three decimals
  batches       1-5 samples, inputs in [-3, 3]; targets in [0, 1] (one-hot rows for softmax)
  steps         a batch, a learning rate in [0.01, 0.5], 1-2 epochs, a batch size 1 to rows + 1
Every term's searches also meet each declared case (`NETWORKS`: every activation in a hidden
layer and every one, softmax included, in the last; `STEPS`: batches that divide the rows, and a
last batch smaller than the others), one example of the term's seed each.
Backprop and training examples keep every ReLU pre-activation farther than 1e-3 from 0.
"""

from __future__ import annotations

import numpy as np

from autograder.authoring import (floats, hnp, readable, search, st,  # noqa: F401
                                 term_rng, term_values)   # (the checks import them here)

from .common import ACTIVATIONS, clear_of_relu_corners

__all__ = ["activation_inputs", "softmax_inputs", "examples", "steps", "NETWORKS", "STEPS",
           "floats", "readable", "search", "st"]


def activation_inputs(limit: float):
    shapes = hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=4)
    return st.one_of(
        floats(limit),
        hnp.arrays(np.float64, shapes, elements=floats(limit)),
        hnp.arrays(np.float32, shapes, elements=floats(limit, width=32)),
        hnp.arrays(np.int64, shapes, elements=st.integers(-int(limit), int(limit))),
    )


def softmax_inputs():
    one = hnp.array_shapes(min_dims=1, max_dims=1, min_side=1, max_side=5)
    two = hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=5)
    return st.one_of(hnp.arrays(np.float64, one, elements=floats(50.0)),
                     hnp.arrays(np.float64, two, elements=floats(50.0)),
                     hnp.arrays(np.float64, two, elements=st.sampled_from([-1000.0, 0.0,
                                                                           1000.0])))


def _matrix(rows: int, cols: int, limit: float = 2.0):
    return st.lists(readable(limit), min_size=rows * cols, max_size=rows * cols).map(
        lambda v: np.array(v, dtype=float).reshape(rows, cols))


def _network(sizes, acts=None):
    last = list(ACTIVATIONS) + (["softmax"] if sizes[-1] >= 2 else [])
    chosen = st.just(list(acts)) if acts else st.tuples(
        *[st.sampled_from(ACTIVATIONS) for _ in sizes[1:-1]], st.sampled_from(last)).map(list)
    weights = st.tuples(*[_matrix(a, b) for a, b in zip(sizes[:-1], sizes[1:])]).map(list)
    biases = st.tuples(*[_matrix(1, b).map(lambda m: m[0]) for b in sizes[1:]]).map(list)
    return st.tuples(st.just(sizes), chosen, weights, biases)


def _batch(net, rows=(1, 5)):
    sizes, acts, weights, biases = net
    n_in, n_out = sizes[0], sizes[-1]

    def targets(n):
        if acts[-1] == "softmax":
            return st.lists(st.integers(0, n_out - 1), min_size=n, max_size=n).map(
                lambda k: np.eye(n_out)[k])
        return _matrix(n, n_out, 1.0).map(np.abs)

    return st.integers(*rows).flatmap(lambda n: st.tuples(
        st.just(sizes), st.just(acts), st.just(weights), st.just(biases),
        _matrix(n, n_in, 3.0), targets(n)))


def examples(acts=None, rows=(1, 5)):
    """(sizes, activations, weights, biases, X, Y): a network and a batch for it; `acts`, the
    layers' activations when given (then one layer per activation), `rows` the batch's size."""
    if acts:
        least = [1] * len(acts) + [2 if acts[-1] == "softmax" else 1]
        sizes = st.tuples(*(st.integers(low, 4) for low in least)).map(list)
    else:
        sizes = st.lists(st.integers(1, 4), min_size=2, max_size=4)
    return sizes.flatmap(lambda z: _network(z, acts)).flatmap(
        lambda net: _batch(net, rows)).filter(clear_of_relu_corners)


# The cases every term's search meets (`search(cases=...)`): each activation in a hidden layer
# and each, softmax included, in the last one.
LAYERS = tuple(zip((*ACTIVATIONS, ACTIVATIONS[0]), ("softmax", *ACTIVATIONS)))
NETWORKS = tuple(lambda acts=acts: examples(acts) for acts in LAYERS)


def steps(acts=None, batches=None):
    """A network, a batch, and a learning rate, epochs and batch size for it. `batches`:
    "divide" (every batch full) or "partial" (the last batch smaller than the others)."""
    if batches is None:
        return examples(acts).flatmap(lambda ex: st.tuples(
            st.just(ex), _rates(), st.integers(1, 2), st.integers(1, len(ex[4]) + 1)))

    def sizes(n):
        fits = [b for b in range(1, n + 1) if (n % b == 0) == (batches == "divide")]
        return st.sampled_from(fits if batches == "divide" else [b for b in fits if b > 1])
    return examples(acts, rows=(2, 5) if batches == "divide" else (3, 5)).flatmap(
        lambda ex: st.tuples(st.just(ex), _rates(), st.integers(1, 2), sizes(len(ex[4]))))


def _rates():
    return st.floats(0.01, 0.5).map(lambda v: round(v, 3))


# Each batch size case, with a network case each (softmax last with partial batches).
STEPS = tuple(lambda acts=acts, batches=batches: steps(acts, batches)
              for acts, batches in ((LAYERS[0], "partial"), (LAYERS[1], "divide")))
