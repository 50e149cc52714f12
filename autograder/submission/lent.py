"""A method lent to a submission's object, answering with the grader's numbers.

To judge a method on its own work when it calls a lower one (a training step calls a gradient), the
grader lends the object a stand-in for the lower method before the call: `Lent` first runs the
object's own method (its side effects happen; its answer or exception is dropped), then answers
with what the reference answered at those arguments and those parameters, from a table
the grader computed along the trajectory the contract prescribes (`Trajectory`). A method that
is right then ends where the grader's trajectory ends, whatever the submission's own lower
method does; one that does nothing does not.

The table stays in the grader. In the sandbox, each call asks the grader for the one answer at
the point it reached (`LocalSubmission.lend_asking`): a submission never holds the trajectory,
so it cannot read the end of it and jump there without taking the steps. A call at arguments or
parameters the right trajectory never reaches (the parameters were changed before every
gradient was asked, say) has no right answer in the table: it raises `OffTrajectory`, which
says so.
"""

from __future__ import annotations

import copy

import numpy as np

REL, ABS = 1e-6, 1e-9       # a float32 cast or another order of the same sums still matches


class OffTrajectory(Exception):
    """The lent method was asked at a point the prescribed trajectory never reaches."""


def _flat(values) -> np.ndarray:
    """Numbers, arrays and (nested) lists of them, as one flat float array."""
    parts = [_flat(v) if isinstance(v, (list, tuple)) else np.asarray(v, dtype=float).ravel()
             for v in values]
    return np.concatenate(parts) if parts else np.zeros(0)


def _near(got: np.ndarray, want: np.ndarray) -> bool:
    return got.shape == want.shape and bool(np.all(np.abs(got - want)
                                                   <= np.maximum(ABS, REL * np.abs(want))))


def _labels(names, values) -> list[str]:
    """A name for each number of `_flat(values)`: `a`, or `layers[0][1, 0]` in an array of a
    list of arrays."""
    out = []
    for name, value in zip(names, values):
        if isinstance(value, (list, tuple)):
            out += _labels([f"{name}[{i}]" for i in range(len(value))], value)
        else:
            array = np.asarray(value, dtype=float)
            out += [name] if array.ndim == 0 else [
                f"{name}[{', '.join(map(str, index))}]" for index in np.ndindex(array.shape)]
    return out


class Trajectory:
    """The grader's table: `rows` of (arguments, parameters, answer) along the prescribed steps
    of the method `name` lent with the attributes `attrs`. It remembers how far the calls
    followed the steps and where they first left them (`parting`): feedback for the grader's
    report, never an answer the submission's process sees."""

    def __init__(self, rows, name: str = "", attrs=()):
        self._rows = [(_flat(args), _flat(state), answer) for args, state, answer in rows]
        self._name = name
        self._labels = _labels(list(attrs), rows[0][1]) if rows and attrs else []
        self._last = -1                 # the last step a call was answered at
        self._parted = None             # (step, its arguments, its parameters) off the steps

    def answer(self, key, state):
        """The answer at these flat arguments and parameters, or None off the trajectory."""
        key, state = np.asarray(key, dtype=float), np.asarray(state, dtype=float)
        for step, (row_args, row_state, answer) in enumerate(self._rows):
            if _near(key, row_args) and _near(state, row_state):
                self._last = max(self._last, step)
                return copy.deepcopy(answer)
        if self._parted is None:
            self._parted = (self._last + 1, key, state)
        return None

    def parting(self) -> str:
        """Where the calls first left the prescribed steps, in words ('' if they never did):
        how many steps were followed, then the sample or the parameters that differ."""
        if self._parted is None:
            done, steps = self._last + 1, len(self._rows)
            if done >= steps:
                return ""
            times = f"{steps} time{'s' if steps != 1 else ''}"
            return (f"it called {self._name} for {done} of the {steps} prescribed steps" if done
                    else f"it never called {self._name}; the prescribed steps call it {times}")
        step, key, state = self._parted
        followed = ("its first step follows the prescribed one; " if step == 1 else
                    f"its first {step} steps follow the prescribed ones; " if step else "")
        if step >= len(self._rows):
            return (f"{followed}then it asked {self._name} once more, where the prescribed "
                    f"steps end after {len(self._rows)}")
        want_key, want_state, _ = self._rows[step]
        if not _near(key, want_key):
            return (f"{followed}at step {step + 1} it asked {self._name} about "
                    f"{_shown(key)} where that step takes {_shown(want_key)}")
        wrong = [i for i in range(min(len(state), len(want_state)))
                 if not _near(state[i:i + 1], want_state[i:i + 1])]
        if len(state) != len(want_state) or not wrong or len(self._labels) != len(state):
            return f"{followed}at step {step + 1} its parameters are not the prescribed ones"
        shown = "; ".join(f"{self._labels[i]} = {state[i]:.6g} where the step has "
                          f"{want_state[i]:.6g}" for i in wrong[:3])
        return (f"{followed}when {self._name} is called for step {step + 1}, {shown}"
                + ("; …" if len(wrong) > 3 else ""))


def _shown(flat: np.ndarray) -> str:
    return "[" + ", ".join(f"{v:.6g}" for v in flat[:8]) + (", …]" if len(flat) > 8 else "]")


class Lent:
    """`owner.<name>(*args)` answered by `answer(arguments, parameters)` (flat float lists:
    the call's arguments, and `owner`'s attributes `attrs` when the call is made), or
    `OffTrajectory` where it has no answer."""

    def __init__(self, owner, name: str, attrs, answer, own=None):
        self._owner, self._name, self._attrs = owner, name, tuple(attrs)
        self._answer = answer
        self._own = own

    def __call__(self, *args, **kwargs):
        if self._own is not None:       # the submission's own method runs first: what it does
            from .lending import kept, restore  # besides answering (syncing layers from the
            before = kept(self._owner, self._attrs)  # parameters, say) still happens; its
            try:                                 # answer or exception is replaced by the
                self._own(*args, **kwargs)       # grader's, and parameters it changed (which
            except Exception:  # noqa: BLE001 - the contract forbids) are put back
                pass
            restore(self._owner, before)
        try:
            key = _flat([*args, *kwargs.values()])
            state = _flat([getattr(self._owner, attr) for attr in self._attrs])
        except (TypeError, ValueError):
            key = state = None
        found = None if key is None else self._answer(key.tolist(), state.tolist())
        if found is not None:
            return found
        raise OffTrajectory(
            f"{self._name} was called with arguments or parameters that the contract's steps "
            f"never reach from this start (the grader answers {self._name} along those steps "
            "only): were some parameters changed before every gradient of the sample was "
            "computed, or was a sample visited out of order?")

    def __repr__(self) -> str:
        return f"<{self._name}, lent by the grader>"
