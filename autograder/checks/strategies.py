"""Hypothesis strategies for the hidden checks, and the one way checks run a search.

Input ranges (stated in docs/checks.md):
  activations      floats in [-limit, limit]: 1000 for sigmoid and ReLU, 20 for tanh (the
                   contract's range), as Python floats, numpy scalars and arrays of 0-3
                   dimensions in float64, float32 and int64
  networks         nine parameters, each in [-3, 3], all different
  samples          x in [-10, 10]², y_true in {0, 1}
  data sets        1-4 samples; learning rates in [0.01, 1]; 1-3 epochs
Searches are deterministic: the seed is the term's (`Settings.seed`), there is no example
database, and the failing example reported is the one hypothesis shrinks to.
"""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings
from hypothesis import strategies as st
from hypothesis.errors import Flaky, HypothesisException
from hypothesis.extra import numpy as hnp

from .. import lecture
from ..settings import SETTINGS
from ..submission import Crashed, OutOfTime
from .base import CrashedCall, Fail


def floats(limit: float, width: int = 64):
    return st.floats(-limit, limit, allow_nan=False, allow_infinity=False, width=width)


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


def readable(limit: float):
    """Floats with three decimals: failing examples stay readable in feedback."""
    return floats(limit).map(lambda v: round(v, 3))


def parameters():
    """The nine parameters of a network, all different (no symmetry hides a swap)."""
    return st.lists(readable(3.0), min_size=9, max_size=9, unique=True).filter(
        lambda ps: min(abs(a - b) for i, a in enumerate(ps) for b in ps[i + 1:]) > 1e-3
    ).map(lambda ps: dict(zip(lecture.PARAMETERS, ps)))


def samples():
    return st.tuples(st.lists(readable(10.0), min_size=2, max_size=2),
                     st.sampled_from([0.0, 1.0]))


def datasets(max_size: int = 4):
    return st.lists(samples(), min_size=1, max_size=max_size)


def learning_rates():
    return st.floats(0.01, 1.0).map(lambda v: round(v, 3))


def search(strategy, body, *, examples: int = 40, shrink: bool = True) -> None:
    """Run `body(example)` on examples drawn from `strategy`; a failure raises `Fail` for the
    simplest failing example hypothesis finds. A call that hangs or ends the submission's
    process stops the search at once (shrinking would only repeat the hang)."""
    phases = [Phase.explicit, Phase.generate] + ([Phase.shrink] if shrink else [])
    stopped: list[Exception] = []

    @seed(SETTINGS.seed)
    @settings(max_examples=examples, database=None, deadline=None, phases=phases,
              suppress_health_check=list(HealthCheck), verbosity=Verbosity.quiet,
              report_multiple_bugs=False, print_blob=False)
    @given(strategy)
    def run(example):
        if stopped:
            return
        try:
            body(example)
        except (CrashedCall, Crashed, OutOfTime) as error:   # no shrinking through hangs
            stopped.append(error)

    try:
        run()
        if stopped:
            raise stopped[0]
    except Flaky:
        raise Fail("the same call gave different results when repeated (does your code use "
                   "randomness or keep state between calls?)") from None
    except HypothesisException as error:   # a grader fault, not the student's
        raise RuntimeError(f"hypothesis could not run this check: {error}") from error
