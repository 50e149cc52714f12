"""Comparison tolerances, by what is compared (stated in docs/instructor-guide.md)."""

import numpy as np

VALUES = {"rel": 1e-6, "abs_": 1e-9}        # a function's values
GRADIENTS = {"rel": 1e-5, "abs_": 1e-9}     # gradients against the reference, training
FLOAT32 = {"rel": 1e-4, "abs_": 1e-6}       # elementwise results for float32 inputs


def tolerance_for(x) -> dict:
    """float32 inputs may be computed in float32: about 7 significant digits, and
    cancellation in formulas like 1 − f(x)²."""
    return FLOAT32 if np.asarray(x).dtype == np.float32 else VALUES
