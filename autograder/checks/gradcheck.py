"""Numerical gradient checks in the CS231n style.

    rel_error(a, b) = |a − b| / max(1e-8, |a| + |b|)
    numerical f'(x)  = (f(x + h) − f(x − h)) / (2h),  h = 1e-5

CS231n's notebooks read a relative error above 1e-2 as "probably wrong" and below 1e-7 as
"happy". Central differences of float64 functions are good to about 1e-8 relative here, so the
kit fails a gradient whose relative error exceeds THRESHOLD = 1e-4: a hundred times stricter than
"probably wrong", ten thousand times looser than rounding.
"""

from __future__ import annotations

H = 1e-5
THRESHOLD = 1e-4


def rel_error(a: float, b: float) -> float:
    return abs(a - b) / max(1e-8, abs(a) + abs(b))


def central_difference(f, x: float, h: float = H) -> float:
    return (f(x + h) - f(x - h)) / (2 * h)
