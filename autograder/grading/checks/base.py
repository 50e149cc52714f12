"""What a check is, and the small vocabulary checks are written in.

An assignment declares its checks once each, with its own `Checks` registry, next to their
functions:

    checks = Checks()

    @checks.check(part=1, points=2, title="double(3) = 6", lecture="...", hint="...")
    def double_of_three(sub, ref): ...

A check's id is its function's name; its number ("P.K") is its place among its part's checks,
in the order they are declared. Everything else (notebook points, reports, docs tables) is
derived from these declarations. A check function returns None when it passes and raises
`Fail` with a message naming the call, what came back and what was expected. `sub` is the
submission (the `Submission` protocol, `autograder/submission/__init__.py`); `ref` is the
reference solution, present only at grading (never in the students' own runs).

Points are earned by the work a check names, so two declarations guard them:
- `beyond`, on a check of a worked number: at grading, the same function must also hold on
  inputs other than the lecture's (`beyond(sub, ref)` raises `Fail` when it does not), so a
  function hard-coding the lecture's answer earns nothing. Students' runs say these points
  are confirmed at grading.
- `earned_by`, on a check of a property that a function doing no work also has (it leaves the
  parameters alone, answers afresh, returns the right keys): its points count only when one of
  the named checks of the same function's values passed.
"""

from __future__ import annotations

import math
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable

import numpy as np

from ...submission import (Crashed, MissingName, NotImplementedYet, OffSteps, OutOfTime,
                           StruckOut, StudentError)
from ...submission.values import WrongValue, as_array, as_float, fmt

PUBLIC, HIDDEN = "public", "hidden"


@dataclass(frozen=True)
class Check:
    id: str
    part: int
    title: str
    points: float
    visibility: str      # PUBLIC: students run it; HIDDEN: needs the reference, runs at grading
    lecture: str         # the lecture step it tests
    hint: str            # what to look at when it fails, without giving the answer away
    run: Callable
    beyond: Callable | None = None    # at grading: the same function beyond the lecture's inputs
    earned_by: tuple[str, ...] = ()   # checks of the values that earn this property's points
    number: str = ""                  # "P.K": its place among its part's checks

    @property
    def hidden(self) -> bool:
        return self.visibility == HIDDEN

    @property
    def self_check(self) -> bool:
        """A public check worth no points: it judges the student's functions against each other
        (no reference), for students to see before hand-in."""
        return not self.points and not self.hidden


class Checks:
    """One assignment's checks, in the order they are declared (see the module docstring)."""

    def __init__(self):
        self._declared: list[Check] = []

    def check(self, *, part: int, points: float, title: str, lecture: str, hint: str,
              hidden: bool = False, beyond: Callable | None = None,
              earned_by: tuple[str, ...] = ()):
        """Declare a check."""
        def register(fn):
            if any(c.id == fn.__name__ for c in self._declared):
                raise ValueError(f"two checks are named {fn.__name__}")
            number = f"{part}.{sum(c.part == part for c in self._declared) + 1}"
            self._declared.append(Check(fn.__name__, part, title, float(points),
                                        HIDDEN if hidden else PUBLIC, lecture, hint, fn,
                                        beyond, tuple(earned_by), number))
            return fn
        return register

    def in_order(self) -> tuple[Check, ...]:
        """Part by part, each part's checks in declaration order."""
        return tuple(sorted(self._declared, key=lambda c: c.part))


class Fail(Exception):
    """The check failed; the message is feedback for the student."""


class Raised(Fail):
    """The check failed because the submission's code raised: its exception is the failure,
    not a wrong value (the check's hint, written for wrong values, does not fit)."""


class Stopped(Raised):
    """Raised by a call that reached a function disabled after it hung too often: the same on
    every input, so a search stops at it."""


class CrashedCall(Fail):
    """The check failed because a call hung or ended the submission's process."""


@contextmanager
def calling(text: str):
    """Name the call in any failure raised inside: 'f(0) raised ZeroDivisionError...'."""
    try:
        yield
    except (NotImplementedYet, MissingName, OutOfTime):
        raise
    except Crashed as error:
        raise CrashedCall(f"{text} {error.reason}") from None
    except StruckOut as error:
        raise Stopped(f"{text} raised {error}") from None
    except OffSteps as error:               # its values left the steps: a wrong value
        raise Fail(f"{text}: {error}") from None
    except StudentError as error:
        raise Raised(f"{text} raised {error}") from None
    except WrongValue as error:
        raise Fail(f"{text} {error}") from None


# --- comparisons --------------------------------------------------------------------------
# Every comparison is between plain floats / float64 arrays made by `values.as_*`.

def close(got: float, want: float, rel: float = 1e-6, abs_: float = 1e-9) -> bool:
    return math.isfinite(got) and abs(got - want) <= max(abs_, rel * abs(want))


def two(got: float, want: float) -> tuple[str, str]:
    """got and want formatted with enough digits to tell them apart."""
    for digits in (4, 6, 8, 12, 17):
        a, b = f"{got:.{digits}g}", f"{want:.{digits}g}"
        if a != b:
            return a, b
    return repr(got), repr(want)


def expect_close(got: float, want: float, text: str, *, rel: float = 1e-6, abs_: float = 1e-9,
                 lecture_value: str | None = None) -> None:
    if not close(got, want, rel, abs_):
        a, b = two(got, want)
        shown = f"{b} (the lecture's {lecture_value})" if lecture_value else b
        raise Fail(f"{text} returned {a}, expected {shown}")


def expect_same(got, want, text: str, *, what: str = "entries", said: str = "expected",
                rel: float = 1e-6, abs_: float = 1e-9) -> None:
    """`got` against `want`, shaped alike: numbers or arrays, in dicts by name or lists by
    position, nested (named parameters; arrays of parameters, layer by layer). Fails naming the
    entries that differ, the farthest off first (a parameter stepped the wrong way shows before
    those it only nudged through later steps), three at most, and how many of how many differ:
    "after fit(...), 2 of 9 parameters are wrong: a: got -1.203, expected -1.197; ...". NaN
    matches NaN (an end the reference does not reach either)."""
    entries, total = [], 0
    for name, g, w in _leaves(got, want):
        g, w = np.asarray(g, dtype=float), np.asarray(w, dtype=float)
        if g.shape != w.shape:
            raise Fail(f"{text}, {name} has shape {g.shape}, expected {w.shape}")
        with np.errstate(invalid="ignore", over="ignore"):
            bad = ~(np.abs(g - w) <= np.maximum(abs_, rel * np.abs(w))) & ~(
                np.isnan(g) & np.isnan(w))
            off = np.where(np.isfinite(g - w), np.abs(g - w), np.inf)
        total += w.size
        entries += [(-float(off[i]), f"{name}[{', '.join(map(str, i))}]" if w.ndim else name,
                     float(g[i]), float(w[i])) for i in map(tuple, np.argwhere(bad))]
    if entries:
        entries.sort(key=lambda entry: entry[0])        # stable: ties keep the given order

        def one(entry):
            a, b = two(entry[2], entry[3])
            return f"{entry[1]}: got {a}, {said} {b}"
        shown = "; ".join(map(one, entries[:3])) + ("; …" if len(entries) > 3 else "")
        if total == 1:
            raise Fail(f"{text}, {shown}")
        raise Fail(f"{text}, {len(entries)} of {total} {what} "
                   f"{'is' if len(entries) == 1 else 'are'} wrong: {shown}")


def _leaves(got, want, name: str = ""):
    """(name, got, want) for every number or array in `want`'s structure."""
    if isinstance(want, dict):
        for key, value in want.items():
            yield from _leaves(got[key], value, f"{name}.{key}" if name else str(key))
    elif isinstance(want, (list, tuple)):
        if len(got) != len(want):
            raise Fail(f"{name or 'the result'} has {len(got)} entries, expected {len(want)}")
        for i, (g, w) in enumerate(zip(got, want)):
            yield from _leaves(g, w, f"{name}[{i}]")
    else:
        yield name, got, want


def worked(sub, name: str, *args, want: float, lecture_value: str | None = None,
           rel: float = 1e-6, abs_: float = 1e-9) -> None:
    """A worked number of the lecture: `name(*args)` of the submission returns the number
    `want` (the feedback quotes the lecture's rounding, `lecture_value`, beside it)."""
    text = f"{name}({', '.join(fmt(a) for a in args)})"
    with calling(text):
        got = as_float(sub.call(name, *args))
    expect_close(got, want, text, rel=rel, abs_=abs_, lecture_value=lecture_value)


def agrees(sub, ref, name: str, *args, read=None, what: str = "entries", rel: float = 1e-6,
           abs_: float = 1e-9) -> None:
    """`name(*args)` of the submission gives the reference's number; with `read`, a reader of
    any other plain-data return (`lambda plain: [as_array(x, shape) for x in as_items(plain,
    2)]` for a pair of arrays), the reference's answer read alike, compared entry by entry
    (`expect_same`, its entries called `what`)."""
    text = f"{name}({', '.join(fmt(a) for a in args)})"
    with calling(text):
        got = (read or as_float)(sub.call(name, *args))
    want = (read or as_float)(ref.call(name, *args))
    if read is None:
        expect_close(got, want, text, rel=rel, abs_=abs_)
    else:
        expect_same(got, want, text, what=what, rel=rel, abs_=abs_)


def agrees_elementwise(sub, ref, name: str, x, *, element: str | None = None,
                       corner: tuple[float, ...] = ()) -> None:
    """`name(x)` of the submission against the reference's, element by element, of exactly
    x's shape (a float or a 0-d array for a float); float32 inputs get float32's tolerance.
    `corner`: the values accepted where x is exactly 0 (a function with a corner there has no
    single right value: its one-sided slopes are)."""
    from .tolerances import tolerance_for

    shape = np.shape(x)
    text = f"{name}({fmt(x)})"
    with calling(text):
        got = as_array(sub.call(name, x), shape)
    want = as_array(ref.call(name, x), shape)
    ignore = None
    if corner:
        ignore = np.asarray(x) == 0
        odd = ignore & ~np.isin(got, corner)
        if odd.any():
            raise Fail(f"{text} gave {fmt(float(got[odd][0]))} at x = 0, where the only right "
                       f"answers are {' and '.join(fmt(v) for v in corner)} (the slopes on "
                       "either side of the corner at 0)")
    expect_array_close(got, want, text, x, element=element or name, ignore=ignore,
                       **tolerance_for(x))


def expect_array_close(got: np.ndarray, want: np.ndarray, text: str, inputs, *,
                       element: str, rel: float = 1e-6, abs_: float = 1e-9,
                       ignore=None) -> None:
    """Elementwise results: report the first element that differs, by its input.

    `ignore` is a boolean mask of elements where any value is accepted.
    """
    inputs = np.asarray(inputs)
    bad = ~(np.abs(got - want) <= np.maximum(abs_, rel * np.abs(want)))
    if ignore is not None:
        bad &= ~ignore
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        x = float(inputs[index]) if inputs.shape else float(inputs)
        a, b = two(float(got[index]), float(want[index]))
        where = f" at index {index}" if got.shape else ""
        raise Fail(f"{text} is wrong{where}: for the element {fmt(x)} it gave {a}, "
                   f"expected {b} ({element}({fmt(x)}) = {b}); {int(bad.sum())} of {bad.size} "
                   "elements differ")
