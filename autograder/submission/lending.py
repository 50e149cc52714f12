"""Error carried forward's half in the submission's process: while a re-run lasts, each lent
function or method (`grading.carry.Lend`, as plain data) first runs the submission's own code,
then answers with the grader's numbers for the same arguments and object parameters, asked
over the channel (`ask`). Its code object is swapped, so every reference to it is lent, and put
back after. Nothing here computes a reference answer: the grader's `Oracle` does."""

from __future__ import annotations

import copy
import types
from contextlib import contextmanager

import numpy as np

from .values import encode

LENT_SLACK = 4              # a re-run call's time limit, in call limits: each lent call also
                            # waits for the grader's answer (thousands in a long training)


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
