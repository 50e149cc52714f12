"""Networks, samples and data sets for the checks of parts 3, 5 and 6."""

from __future__ import annotations

from autograder.authoring import Fail, WrongValue, as_float, fmt, is_missing

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

