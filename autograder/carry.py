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
from (`run.carry_forward`).

What it does not cover: a later part that does not call the earlier functions (it inlines its
own code) is judged on what it does; a function that is not a plain Python function (a numpy
ufunc bound to a name, a closure whose free variables cannot be matched) is not lent.
"""

from __future__ import annotations

import copy
import types
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from .values import MAX_ITEMS, encode, is_plain, same, size

MAX_ASKS = 100_000          # lent calls answered in one re-run
LENT_SLACK = 4              # a re-run call's time limit, in call limits: each lent call also
                            # waits for the grader's answer (thousands in a long training)


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


def value_of(plain):
    """Plain data (`values.encode`'s) back to Python values: arrays as float64 arrays."""
    kind = plain["kind"]
    if kind == "number":
        return float(plain["value"])
    if kind == "array":
        return np.array(plain["data"], dtype=float).reshape(plain["shape"])
    if kind == "list":
        return [value_of(item) for item in plain["items"]]
    if kind == "dict":
        return {key: value_of(item) for key, item in plain["items"].items()}
    if kind == "none":
        return None
    raise ValueError(f"not a value: {plain.get('type', kind)}")


# --- in the submission's process --------------------------------------------------------

_TRAMPOLINE = "__autograder_lent__"


def _trampoline_code(freevars: tuple[str, ...], key: int):
    """A code object that calls the lent dispatcher `key`, with the same free variables as
    the function it replaces (a method that uses super() has one, `__class__`)."""
    source = (f"def _factory({', '.join(freevars)}):\n"
              f"    def lent(*args, **kwargs):\n"
              f"        {'; '.join(freevars) or 'pass'}\n"
              f"        return {_TRAMPOLINE}[{key}](*args, **kwargs)\n"
              f"    return lent\n")
    scope: dict = {}
    exec(compile(source, "autograder", "exec"), scope)
    [code] = [c for c in scope["_factory"].__code__.co_consts if isinstance(c, types.CodeType)]
    return code


@contextmanager
def lenders(namespace: dict, specs: list[dict], ask, handle_of):
    """While inside, each function or method named in `specs` (plain `Lend`s) answers with
    `ask(question)`'s numbers after running its own code. Its code object is swapped, so every
    reference to the function (a dict of functions, a class attribute) is lent, then put back."""
    swapped, table, inside = [], {}, [0]      # inside: lent calls under way
    previous = namespace.get(_TRAMPOLINE)
    namespace[_TRAMPOLINE] = table
    try:
        for key, spec in enumerate(specs):
            fn = _function(namespace, spec)
            if fn is None:
                continue
            own = types.FunctionType(fn.__code__, fn.__globals__, fn.__name__, fn.__defaults__,
                                     fn.__closure__)
            own.__kwdefaults__ = fn.__kwdefaults__
            table[key] = _dispatcher(spec, own, ask, handle_of, inside)
            if fn.__globals__ is not namespace:          # defined elsewhere: not lent
                continue
            original = fn.__code__
            try:
                fn.__code__ = _trampoline_code(original.co_freevars, key)
            except (ValueError, SyntaxError):
                continue
            swapped.append((fn, original))
        yield
    finally:
        for fn, code in reversed(swapped):
            fn.__code__ = code
        if previous is None:
            namespace.pop(_TRAMPOLINE, None)
        else:
            namespace[_TRAMPOLINE] = previous


def _function(namespace: dict, spec: dict):
    """The plain Python function a spec names in the submission, or None."""
    try:
        if spec["cls"]:
            owner = namespace.get(spec["cls"])
            fn = owner.__dict__.get(spec["name"]) if isinstance(owner, type) else None
        else:
            fn = namespace.get(spec["name"])
    except Exception:  # noqa: BLE001 - a class whose __dict__ misbehaves is not lent
        return None
    return fn if isinstance(fn, types.FunctionType) else None


def _dispatcher(spec: dict, own, ask, handle_of, inside: list):
    """The lent function: its own code, then the grader's answer. Inside another lent call
    (a lent method calling a lent function), its own answer stands: the outer answer is
    replaced anyway, and one question per outermost call is enough."""
    def lent(*args, **kwargs):
        if inside[0]:
            return own(*args, **kwargs)
        inside[0] += 1
        before = kept(args[0], spec["attrs"]) if spec["cls"] and args else None
        answer, raised, changed = None, None, False
        try:
            answer = own(*args, **kwargs)               # the submission's own, first
        except Exception as error:  # noqa: BLE001 - an earlier part's error: the grader answers
            raised = error
        finally:
            inside[0] -= 1
            if before is not None:
                changed = restore(args[0], before)

        def own_answer():                   # where the grader does not answer
            if raised is not None:
                raise raised
            return answer
        if kwargs or len(args) > 8:
            return own_answer()
        state, handle = None, None
        if spec["cls"]:
            obj, args = args[0], args[1:]
            handle = handle_of(obj)
            if handle is None:              # an object the grader did not make
                return own_answer()
            state = {attr: encode(getattr(obj, attr, None)) for attr in spec["attrs"]}
        own_plain = ({"kind": "other", "type": "an exception or changed parameters"}
                     if raised is not None or changed else encode(answer))
        reply = ask({"name": spec["name"], "cls": spec["cls"], "handle": handle,
                     "state": state, "args": [encode(a) for a in args], "own": own_plain})
        return own_answer() if reply is None else value_of(reply)
    return lent


def kept(obj, attrs) -> dict:
    """Copies of an object's parameters, to put back after its own method ran."""
    out = {}
    for attr in attrs:
        try:
            value = getattr(obj, attr)
            out[attr] = value if type(value) is float else copy.deepcopy(value)
        except Exception:  # noqa: BLE001 - a parameter it does not have is not put back
            pass
    return out


def restore(obj, before: dict) -> bool:
    """Put back parameters a lent method's own code changed: the contract forbids it (the
    lent methods leave the parameters as they are), so the grader's answer stands for a method
    that keeps them, and other side effects (layers synced from the parameters) stay. Whether
    any was changed."""
    changed = False
    for attr, value in before.items():
        try:
            now = getattr(obj, attr)
            if now is not value and encode(now) != encode(value):   # a float kept is itself
                setattr(obj, attr, value)
                changed = True
        except Exception:  # noqa: BLE001
            pass
    return changed


# --- in the grader ------------------------------------------------------------------------

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
