"""Inputs for the hidden checks: deterministic for a given term seed (`Settings.seed`)."""

from __future__ import annotations

import zlib

import numpy as np

from ..settings import SETTINGS


def rng(name: str) -> np.random.Generator:
    """A generator private to one check, fixed by the term's seed and the check's name."""
    return np.random.default_rng([SETTINGS.seed, zlib.crc32(name.encode())])


def activation_arrays(limit: float, name: str = "activation") -> list:
    """Scalars and arrays of several shapes and dtypes within [-limit, limit], edges included."""
    r = rng(name)
    return [
        0.5,
        np.array(-3.0),
        r.uniform(-6, 6, 7),
        np.array([-limit, -limit / 2, -1.0, 0.0, 1.0, limit / 2, limit]),
        r.uniform(-limit, limit, (3, 4)),
        r.normal(0, 3, (2, 3, 2)).astype(np.float32),
        np.arange(-5, 6).reshape(11, 1),        # integers
    ]


def tolerance_for(x) -> dict:
    """Comparison tolerances fit for the input's precision: float32 inputs may be computed in
    float32 (about 7 significant digits, and cancellation in 1 − σ(x)² style formulas)."""
    if np.asarray(x).dtype == np.float32:
        return {"rel": 1e-4, "abs_": 1e-6}
    return {"rel": 1e-6, "abs_": 1e-9}
