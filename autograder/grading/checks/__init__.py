"""The vocabulary checks are written in: a check's declaration (`Check`, `Checks`), its
failure (`Fail`), comparisons (`base`), gradient checks in the CS231n style (`gradcheck`),
tolerances (`tolerances`) and the one way to run a hypothesis search (`strategies`). An
assignment's own checks live in its package and are declared with its own `Checks()`."""

from .base import HIDDEN, PUBLIC, Check, Checks, Fail

__all__ = ["Check", "Checks", "Fail", "PUBLIC", "HIDDEN"]
