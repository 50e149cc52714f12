"""Error carried forward: a later part's check is not charged again for an earlier part's mistake.

Exam markers re-do a later step with the candidate's own earlier value; the grader re-runs a
failed check of a later part with the earlier parts' functions *lent*. An assignment declares,
per part, which functions and methods of earlier parts its code may call (`Lend`). During the
re-run, each of those, wherever the submission calls it from (its namespace, a table of its
own, a method), first runs the submission's own code (its side effects happen, except on the
object's parameters, which the contract says it leaves alone and which are put back; its
time-outs are the submission's; an exception it raises is the earlier part's mistake), then
answers with the reference's numbers for the same arguments and the same object parameters.
The numbers are computed by the grader, outside the sandbox (`Oracle`): no reference code ever
runs beside the submission's. If the check passes
then, and at least one lent function was really called and answered differently from the
submission's own, the check keeps its points and says which earlier check its failure follows
from (`run.carry_forward`). The lending itself runs in the submission's process
(`submission.lending`); this module holds what the grader declares and answers.

What it does not cover: a later part that does not call the earlier functions (it inlines its
own code) is judged on what it does; a function that is not a plain Python function (a numpy
ufunc bound to a name, a closure whose free variables cannot be matched) is not lent.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..submission.lending import value_of
from ..submission.values import MAX_ITEMS, is_plain, same, size

MAX_ASKS = 100_000          # lent calls answered in one re-run


@dataclass(frozen=True)
class Lend:
    """A function (or, with `cls`, a method) of part `part` that later parts' code may call;
    `attrs` are the object's parameters the reference is given for a method."""
    name: str
    part: int
    cls: str = ""
    attrs: tuple[str, ...] = ()

    @property
    def qualname(self) -> str:
        return f"{self.cls}.{self.name}" if self.cls else self.name

    def plain(self) -> dict:
        return {"name": self.name, "cls": self.cls, "attrs": list(self.attrs)}


class Oracle:
    """Answers the lent calls of one re-run with the reference's numbers, and remembers which
    lent functions answered differently from the submission's own."""

    def __init__(self, ref, specs: list[Lend], made):
        self.ref, self.made = ref, made              # made(handle) -> (class, its arguments)
        self.by_name = {(s.cls, s.name): s for s in specs}
        self.asked = 0
        self.differed: set[str] = set()
        self.objects: dict[tuple, int] = {}   # the reference's objects, by class and arguments

    def answer(self, question) -> dict | None:
        """The reference's plain answer, or None (the submission's own answer stands) for a
        question it cannot answer: malformed, past `MAX_ASKS`, or one the reference refuses."""

        self.asked += 1
        try:
            spec = self.by_name[(question["cls"], question["name"])]
            args = question["args"]
            known = spec.qualname in self.differed      # the submission's own answer unread
            if (self.asked > MAX_ASKS or type(args) is not list or len(args) > 8
                    or not all(is_plain(a) for a in args)
                    or not (known or is_plain(question["own"]))):
                return None
            values = [value_of(a) for a in args]
            if spec.cls:
                cls, made_with = self.made(question["handle"])
                state = question["state"]
                if cls != spec.cls or set(state) != set(spec.attrs) or not all(
                        is_plain(v) for v in state.values()):
                    return None
                state = {k: value_of(v) for k, v in state.items()}
                key = (cls, repr(made_with))
                if key not in self.objects:      # one reference object per kind, re-set
                    self.objects[key] = self.ref.build(cls, state, made_with)
                handle = self.objects[key]
                self.ref.set(handle, state)
                want = self.ref.method(handle, spec.name, *values)
            else:
                want = self.ref.call(spec.name, *values)
        except Exception:  # noqa: BLE001 - whatever the submission asked, never the grader's end
            return None
        if not known and not same(question["own"], want):
            self.differed.add(spec.qualname)
        return want if size(want) <= MAX_ITEMS else None
