"""Networks, samples and data sets for the checks of parts 3, 5 and 6."""

from __future__ import annotations

import math

from autograder.authoring import GRADIENTS, Fail, WrongValue, as_float, close, fmt, is_missing, two

from .. import lecture


def network(sub, params: dict[str, float]) -> int:
    """A NeuralNetwork() of the submission with its nine parameters set to `params` (one
    request; made without its __init__ if that raises: check 3.1 charges that, once)."""
    return sub.build("NeuralNetwork", params)


def describe(params: dict[str, float]) -> str:
    """'w1=0.5, w2=-1.2, ..., b3=0.1', in the contract's order."""
    return ", ".join(f"{name}={fmt(params[name])}" for name in lecture.PARAMETERS)


def read_parameters(sub, handle: int, text: str, finite: bool = True) -> dict[str, float]:
    """The nine parameters as floats (finite, unless `finite=False`), or a failure naming what
    is missing or not a number."""
    values = sub.get(handle, list(lecture.PARAMETERS))
    out = {}
    for name, plain in values.items():
        if is_missing(plain):
            raise Fail(f"{text}: the network has no attribute {name}; the contract names the "
                       "nine parameters w1 … w6, b1 … b3")
        try:
            out[name] = as_float(plain, finite)
        except WrongValue as error:
            raise Fail(f"{text}: the attribute {name} {error}") from None
    return out


def wrong_parameters(got: dict[str, float], want: dict[str, float], text: str,
                     said: str = "expected", tolerance: dict = GRADIENTS) -> None:
    """Fail naming the parameters that differ (NaN matches NaN), the farthest off first: a
    parameter stepped the wrong way shows before those it only nudged through later steps."""
    wrong = [p for p in lecture.PARAMETERS if not close(got[p], want[p], **tolerance)
             and not (math.isnan(got[p]) and math.isnan(want[p]))]
    if wrong:
        wrong.sort(key=lambda p: -abs(got[p] - want[p]) if math.isfinite(got[p] - want[p])
                   else -math.inf)
        def one(p):
            a, b = two(got[p], want[p])
            return f"{p}: got {a}, {said} {b}"
        shown = "; ".join(map(one, wrong[:3])) + ("; …" if len(wrong) > 3 else "")
        raise Fail(f"{text}, these parameters are wrong: {shown}")
