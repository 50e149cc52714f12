"""The catalogue of checks, in the lecture's order: one module per part.

`CHECKS` is the single list every consumer reads: the runner, the reports, the notebook's
test cells, the students' pytest plugin and the docs' check table.
"""

from . import neuron, activations, network, loss, backprop, training  # noqa: F401  (registers)
from .base import HIDDEN, PUBLIC, REGISTRY, Check, Fail

PARTS = {
    1: "The neuron",
    2: "Activation functions and their derivatives",
    3: "A neural network: feedforward",
    4: "The loss",
    5: "Backpropagation",
    6: "Training with stochastic gradient descent",
}

CHECKS: list[Check] = sorted(REGISTRY, key=lambda c: c.part)   # stable: declaration order


def number(check: Check) -> str:
    """'P.K': the part, then the check's place among that part's checks."""
    same_part = [c for c in CHECKS if c.part == check.part]
    return f"{check.part}.{same_part.index(check) + 1}"


def part_points(part: int, visibility: str | None = None) -> float:
    return sum(c.points for c in CHECKS
               if c.part == part and (visibility is None or c.visibility == visibility))


__all__ = ["CHECKS", "PARTS", "Check", "Fail", "PUBLIC", "HIDDEN", "number", "part_points"]
