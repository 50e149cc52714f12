"""Name the misconception behind a failed check, from the values the submission gave.

While a check runs, `Recorder` logs every operation it makes on the submission (calls,
instances, attribute reads and writes) and what came back. After all checks ran, for each
failed check, each catalogued misconception of its part (then of earlier parts, whose mistakes
spill over) replays the same operations on its variant of the reference. A misconception
explains the failure when its variant gives back every value the submission gave (and raises
where the submission raised), in that check and in every other check of the part that asks the
same functions, passed ones included, while the reference does not give the failed check's
values. Nothing matches: no diagnosis, the feedback stays factual. A part that passes is never
diagnosed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..submission import GraderError, OutOfTime, StudentError
from ..submission.values import WrongValue, same, size
from .misconceptions import Misconception, catalogue, variant

REPLAYED = 400              # at most this many of a check's last operations are replayed
KEPT_NUMBERS = 2_000        # an answer holding more numbers is not kept in the log: the
                            # grader's memory stays bounded whatever the submission returns
TOO_LARGE = {"kind": "other", "type": "an answer too large to keep"}   # never matches
ON_AN_OBJECT = ("method", "get", "set", "lend")     # operations whose first argument is a handle


@dataclass
class Op:
    kind: str           # call, new, method, get, set, lend
    args: tuple
    answer: object      # the plain data that came back (a handle, for new)
    raised: bool = False


class Recorder:
    """A submission handle that logs each operation (same interface as the submission's)."""

    def __init__(self, sub):
        self.sub = sub
        self.log: list[Op] = []

    def _do(self, kind: str, *args):
        op = Op(kind, args, None)     # the submission copies its arguments; the log keeps them
        try:
            answer = getattr(self.sub, kind)(*args)
        except OutOfTime:
            raise
        except StudentError:
            op.raised = True
            self.log.append(op)
            raise
        op.answer = answer if kind in ("new", "set") or size(answer) <= KEPT_NUMBERS else TOO_LARGE
        self.log.append(op)
        return answer

    def call(self, name, *args):
        return self._do("call", name, *args)

    def new(self, cls, *args):
        return self._do("new", cls, *args)

    def build(self, cls, values, args=()):
        """Logged as the `new` and `set` it stands for: replays run the variants that way."""
        try:
            handle = self.sub.build(cls, values, args)
        except OutOfTime:
            raise
        except StudentError:
            self.log.append(Op("new", (cls, *args), None, raised=True))
            raise
        self.log += [Op("new", (cls, *args), handle), Op("set", (handle, values), None)]
        return handle

    def method(self, handle, name, *args):
        return self._do("method", handle, name, *args)

    def get(self, handle, names):
        return self._do("get", handle, names)

    def set(self, handle, values):
        return self._do("set", handle, values)

    def lend(self, handle, name, attrs, rows):
        return self._do("lend", handle, name, attrs, rows)

    def unlend(self, name):
        return self._do("unlend", name)


def reproduces(log: list[Op], runner) -> bool:
    """`runner` (an in-process submission) gives back what the log records, op by op."""
    handles, parameterised = {}, set()
    state = np.random.get_state()      # a variant's constructor may draw from numpy's RNG
    try:
        for op in log:
            args = op.args
            if op.kind in ON_AN_OBJECT and not (op.kind == "lend" and args[0] is None):
                if args[0] not in handles:
                    return False
                args = (handles[args[0]],) + args[1:]
            try:
                answer = getattr(runner, op.kind)(*args)
            except (StudentError, GraderError, WrongValue):
                if op.raised:
                    continue
                return False
            if op.raised:
                return False
            if op.kind == "new":
                handles[op.answer] = answer
            elif op.kind == "set":
                parameterised.add(op.args[0])
            elif op.kind in ("lend", "unlend"):
                continue
            elif op.kind == "get" and op.args[0] not in parameterised:
                continue        # an object's own initial values: random by contract
            elif not same(op.answer, answer):
                return False
        return True
    finally:
        np.random.set_state(state)
        runner.forget(handles.values())


def _changes_a_value(log: list[Op]) -> bool:
    return any(op.kind in ("call", "method", "get") for op in log)


def _tail(log: list[Op], keep: int) -> list[Op]:
    """The log's last `keep` operations, with what set up the instances they use.

    A failed hypothesis search logs every example it tried while shrinking: hundreds of
    failing values, of which the last few hundred say as much as all of them."""
    if len(log) <= keep:
        return log
    tail = log[-keep:]
    used = {o.args[0] for o in tail if o.kind in ON_AN_OBJECT}
    setup = [o for o in log[:-keep] if (o.kind == "new" and o.answer in used)
             or (o.kind in ("method", "set", "lend") and o.args[0] in used)]
    return setup + tail


def called(log: list[Op]) -> tuple[str, ...]:
    """The names of the submission's functions and methods the log asked, in order."""
    return tuple(dict.fromkeys(o.args[0] if o.kind == "call" else o.args[1]
                               for o in log if o.kind in ("call", "method")))


def _about(log: list[Op], names: set[str]) -> list[Op]:
    """The ops of `log` that ask the functions `names` (with the instances they use): another
    check of the part, seen only where it tests the same functions as the failed one. (A ReLU'
    that gives 1 at 0, as allowed, must not stop a diagnosis of σ'.)"""
    used = {o.args[0] for o in log if o.kind == "method" and o.args[1] in names}
    return [o for o in log if (o.kind == "call" and o.args[0] in names)
            or (o.kind == "new" and o.answer in used)
            or (o.kind in ON_AN_OBJECT and o.args[0] in used)]


def _last_value(log: list[Op]) -> list[Op]:
    """The ops needed to replay the log's last value: the failing one, usually, and the
    instance it was asked of, made and set up as in the log. A cheap first test."""
    last = next((i for i in range(len(log) - 1, -1, -1)
                 if log[i].kind in ("call", "method", "get")), None)
    if last is None:
        return []
    op = log[last]
    if op.kind == "call":
        return [op]
    handle = op.args[0]
    return [o for o in log[:last + 1]
            if (o.kind == "new" and o.answer == handle)
            or (o.kind in ON_AN_OBJECT and o.args[0] == handle)]


class Diagnoser:
    """Explains failed checks with the catalogue at `catalogue` (its variants are edits of the
    reference at `reference`).

    One Diagnoser serves one grading: a misconception found in an earlier check is tried first
    on later ones, so a mistake that spills over into a later part is named by its source
    (gradient ascent with true gradients and descent with sign-flipped ones give the same
    training; a student whose gradient has the sign flipped is told that, twice)."""

    def __init__(self, reference: Path, ref, catalogue_path: Path):
        self.reference = Path(reference)
        self.ref = ref
        self.entries = catalogue(catalogue_path)
        self.found: list[Misconception] = []
        self._agrees: dict[tuple, bool] = {}     # (entry, a check's log, names) -> reproduced

    def candidates(self, part: int) -> list[Misconception]:
        """Already found in this grading, then the check's own part, then earlier parts."""
        own = [e for e in self.entries if e.part == part]
        earlier = [e for e in self.entries if e.part < part]
        return list(dict.fromkeys([e for e in self.found if e.part <= part] + own + earlier))

    def explain(self, part: int, log: list[Op], part_logs: list[list[Op]] = ()
                ) -> Misconception | None:
        """The misconception whose variant gives every value in `log` (a failed check's)
        and in `part_logs` (every check of the part, passed ones too, where they ask the same
        functions), if there is one."""
        names = set(called(log))
        others = [other for other in part_logs if other is not log]
        log = _tail(log, REPLAYED)
        if not log or not _changes_a_value(log):
            return None
        last = _last_value(log)
        whole = len(last) < len(log)       # else the last value's ops are the whole log

        def gives_all(runner) -> bool:
            return reproduces(last, runner) and (not whole or reproduces(log, runner))

        if gives_all(self.ref):
            return None     # the values are the reference's: what failed was not a value
        for entry in self.candidates(part):
            try:
                runner = variant(self.reference, entry)
            except ValueError:
                continue        # `autograder validate` reports a variant that does not apply
            if gives_all(runner) and all(
                    self._agrees_with(entry, runner, other, names) for other in others):
                if entry not in self.found:
                    self.found.append(entry)
                return entry
        return None

    def _agrees_with(self, entry: Misconception, runner, other: list[Op], names) -> bool:
        """The variant reproduces another check's log, where it asks `names` (each failed
        check of a part compares with the same passed ones: replayed once per entry)."""
        key = (entry.id, id(other), frozenset(names))
        if key not in self._agrees:
            self._agrees[key] = reproduces(_about(_tail(other, REPLAYED), names), runner)
        return self._agrees[key]
