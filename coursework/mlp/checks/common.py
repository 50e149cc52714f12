"""Networks, parameters and comparisons shared by the checks of `mlp`'s parts."""

from __future__ import annotations

import numpy as np

from autograder.authoring import Fail, WrongValue, fmt, is_missing
from autograder.authoring import as_arrays as read_arrays

ACTIVATIONS = ("sigmoid", "tanh", "relu", "identity")


def network(sub, sizes, acts, weights, biases) -> int:
    """`MLP(sizes, acts, seed=0)` of the submission with these parameters (one request)."""
    return sub.build("MLP", {"weights": list(weights), "biases": list(biases)},
                     (list(sizes), list(acts), 0))


def describe(sizes, acts) -> str:
    return f"MLP({sizes}, {acts})"


def shapes(sizes) -> tuple[list, list]:
    return ([(a, b) for a, b in zip(sizes[:-1], sizes[1:])], [(b,) for b in sizes[1:]])


def as_arrays(plain, wanted: list[tuple], text: str) -> list[np.ndarray]:
    """A list (or tuple) of float arrays of exactly the shapes `wanted` (one per layer)."""
    try:
        return read_arrays(plain, wanted)
    except WrongValue as error:
        raise Fail(f"{text} {error}") from None


def read_parameters(sub, handle, sizes, text: str) -> tuple[list, list]:
    """The network's weights and biases as float arrays of the contract's shapes."""
    got = sub.get(handle, ["weights", "biases"])
    w_shapes, b_shapes = shapes(sizes)
    for name in ("weights", "biases"):
        if is_missing(got[name]):
            raise Fail(f"{text}: the network has no attribute {name}; the contract names the "
                       "two lists weights and biases")
    return (as_arrays(got["weights"], w_shapes, f"{text}: weights"),
            as_arrays(got["biases"], b_shapes, f"{text}: biases"))


def reference_forward(weights, biases, acts, X) -> list[np.ndarray]:
    """Every layer's pre-activation Z (the grader's own arithmetic, for choosing inputs)."""
    A, Zs = np.atleast_2d(X), []
    for W, b, act in zip(weights, biases, acts):
        Z = A @ W + b
        Zs.append(Z)
        if act == "softmax":
            e = np.exp(Z - Z.max(axis=1, keepdims=True))
            A = e / e.sum(axis=1, keepdims=True)
        else:
            A = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh,
                 "relu": lambda z: np.maximum(0, z), "identity": lambda z: z}[act](Z)
    return Zs


def clear_of_relu_corners(example) -> bool:
    """No ReLU pre-activation within 1e-3 of 0 (the contract: ReLU'(0) never decides)."""
    sizes, acts, weights, biases, X, _ = example
    with np.errstate(all="ignore"):
        Zs = reference_forward(weights, biases, acts, X)
    return all(np.all(np.abs(Z) > 1e-3) for Z, act in zip(Zs, acts) if act == "relu")


def show(X) -> str:
    return fmt(np.asarray(X))
