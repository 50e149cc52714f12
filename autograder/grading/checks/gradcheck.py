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


def off_slope(got: float, slope: float, floor: float = 1e-8) -> float | None:
    """The relative error of a derivative `got` against a numerical `slope` when it fails
    (above THRESHOLD and further than `floor` apart: a slope that is rounding noise is not
    judged by its relative error); None when it passes."""
    error = rel_error(got, slope)
    return error if error > THRESHOLD and abs(got - slope) > floor else None


def not_flat(values, text: str) -> None:
    """A self-check confirms one of the student's functions against the slopes (or the steps)
    of the student's own earlier ones. When those are all 0 there is nothing to confirm
    against, and the self-check fails: a function that does nothing is never confirmed by
    another that does nothing."""
    from .base import Fail
    if all(abs(float(v)) <= FLAT for v in _flattened(values)):
        raise Fail(f"{text}: all 0, so there is nothing to check against (that function of "
                   "yours does no work yet: mend it first)")


FLAT = 1e-12


def _flattened(values):
    for v in values:
        if hasattr(v, "ravel"):
            yield from v.ravel()
        elif isinstance(v, (list, tuple)):
            yield from _flattened(v)
        else:
            yield v


def central_difference(f, x: float, h: float = H) -> float:
    return (f(x + h) - f(x - h)) / (2 * h)


def is_slope_of(sub, ref, derivative: str, function: str, x: float, *, corner: float = 0.0,
                floor: float = 0.0) -> float | None:
    """`derivative(x)` of the submission is the slope of the reference's `function` at x
    (central differences). The reference's function is differentiated, not the submission's: a
    mistake in the student's function is charged to that function's own check, and its rounding
    would only blur the slope. `corner`: skip |x| < corner (a kink, where no slope decides);
    `floor`: an absolute difference below it passes (a slope that is itself rounding noise).
    Returns the slope (None when x was skipped)."""
    from autograder.submission.values import as_float, fmt

    from .base import Fail, calling
    if abs(x) < corner:
        return None
    text = f"{derivative}({fmt(x)})"
    with calling(text):
        got = as_float(sub.call(derivative, x))
    slope = central_difference(lambda t: as_float(ref.call(function, t)), x)
    error = off_slope(got, slope, floor)
    if error is not None:
        raise Fail(f"{text} returned {fmt(got)}, but the slope of {function} at {fmt(x)} "
                   f"(central differences, h = {H:g}) is {fmt(slope)}: relative error "
                   f"{error:.2g}, above {THRESHOLD:g}")
    return slope
