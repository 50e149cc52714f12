"""The named hypothesis strategies of this assignment's hidden checks.

Input ranges (stated in docs/checks.md):
  activations      floats in [-limit, limit]: 1000 for sigmoid and ReLU, 20 for tanh (the
                   contract's range), as Python floats, numpy scalars and arrays of 0-3
                   dimensions in float64, float32 and int64
  networks         nine parameters, each in [-3, 3], all different (`distinct`)
  samples          x in [-10, 10]², y_true in {0, 1} and the soft labels 0.3, 0.8
  data sets        1-4 samples; learning rates in [0.01, 1]; 1-3 epochs
"""

from __future__ import annotations

import numpy as np

from autograder.authoring import (floats, hnp, readable, search, st,  # noqa: F401
                                 term_rng, term_values)   # (the checks import them here)

from .. import lecture

__all__ = ["activation_inputs", "parameters", "samples", "datasets", "learning_rates", "floats",
           "readable", "search", "st"]


def activation_inputs(limit: float):
    """Scalars and arrays, as the contract promises: floats (Python or numpy) and arrays."""
    shapes = hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=4)
    return st.one_of(
        floats(limit),
        floats(limit).map(np.float64),
        hnp.arrays(np.float64, shapes, elements=floats(limit)),
        hnp.arrays(np.float32, shapes, elements=floats(limit, width=32)),
        hnp.arrays(np.int64, shapes, elements=st.integers(-int(limit), int(limit))),
    )


def parameters():
    """The nine parameters of a network, all different (no symmetry hides a swap). Made
    different by `distinct`, not by rejecting draws: hypothesis's first, simplest example is
    then a network too, and a failure shrinks in a few tries to one of round numbers."""
    return st.tuples(*[readable(PARAMETER_LIMIT)] * 9).map(
        lambda ps: dict(zip(lecture.PARAMETERS, distinct(ps, PARAMETER_LIMIT))))


PARAMETER_LIMIT = 3.0
CLEAR = 1e-3          # parameters closer than this count as equal


def distinct(values, limit: float, step: float = 0.5) -> list[float]:
    """`values` in order, each that lies within `CLEAR` of an earlier one moved to the nearest
    of v + step, v − step, v + 2·step... inside [−limit, limit] that does not (all zeros
    become 0, 0.5, −0.5, 1, −1...). Values apart already are kept as drawn."""
    out: list[float] = []
    for value in values:
        moves = (k * sign * step for k in range(int(2 * limit / step) + 2) for sign in (1, -1))
        out.append(next(v for v in (round(value + m, 3) for m in moves)
                        if abs(v) <= limit and all(abs(v - w) > CLEAR for w in out)))
    return out


def samples():
    """(x, y_true): the lecture's labels 0 and 1, and soft labels, since L = (y_true − y_pred)²
    is defined for any y_true (a backprop written for 0/1 labels only is caught)."""
    return st.tuples(st.lists(readable(10.0), min_size=2, max_size=2),
                     st.sampled_from([0.0, 1.0, 0.3, 0.8]))


def datasets(max_size: int = 4):
    return st.lists(samples(), min_size=1, max_size=max_size)


def learning_rates():
    return st.floats(0.01, 1.0).map(lambda v: round(v, 3))
