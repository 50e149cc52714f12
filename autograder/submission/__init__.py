"""A handle on a loaded submission: the only way checks reach student code.

Checks ask for calls by name (`call`, `new`, `method`, `get`, `set`) with plain arguments and
get back plain data from `values.encode`. Errors raised by student code come back as
`StudentError` (or `NotImplementedYet`, or `MissingName`), never as the student's own
exception object. `LocalSubmission` runs in this process; the isolated runner offers the same
methods across a process boundary.

Why one module of this size: the `Submission` protocol, its in-process implementation and the
errors it raises are one contract, which the sandboxed runner mirrors call for call.
"""

from __future__ import annotations

import copy
import signal
import threading
import time
import warnings
from contextlib import contextmanager
from typing import Any, Protocol

import numpy as np

from .lent import OffTrajectory, Trajectory
from .load import Loaded, describe_exception
from .progress import PROBE
from .progress import state as held_state
from .quiet import quiet
from .values import encode, parameter


class StudentError(Exception):
    """Student code raised, or an object did not behave as the contract says."""


class NotImplementedYet(StudentError):
    """Student code raised NotImplementedError: the stub is still there."""


class MissingName(StudentError):
    """A name the contract requires is not defined (or not the right kind of thing)."""


class Crashed(StudentError):
    """The submission's process timed out or died during this operation (isolated runs).

    `reason` is what happened ("did not finish within 2 s ..."), without what was running;
    `stuck`, that it ran out of time with nothing changing (it is not called again).
    """

    def __init__(self, message: str, reason: str | None = None, stuck: bool = False):
        super().__init__(message)
        self.reason = reason or message
        self.stuck = stuck


class HungTooOften(TimeoutError):
    """Raised, wherever it is called from, by a function of the submission's that did not
    finish `STRIKES` times (`LocalSubmission._hung_in`)."""


_HUNG = "__autograder_hung_too_often__"


class StruckOut(StudentError):
    """A call failed at a function that hung too often, or at the memory limit (MemoryError:
    the walls' 1024 MiB, passed on inputs of a few dozen numbers): calling it on other inputs
    only fails the same way (a search stops at it), but the failure is the call's own
    exception, not a hang of this call."""


class OffSteps(StudentError):
    """A method the grader lent was asked at a point the prescribed steps never reach: the
    calling code's values left those steps (`lent.OffTrajectory`). A wrong value, not an
    exception of the submission's own."""


class OutOfTime(StudentError):
    """The submission used up its whole time budget; nothing more of it runs (isolated runs)."""


class _Alarm(BaseException):
    """SIGALRM went off inside student code (a BaseException: `except Exception` cannot eat it).
    `stuck`: nothing the student's frames held changed over the limit's last tenth (`progress`)."""

    def __init__(self, stuck: bool = False):
        super().__init__()
        self.stuck = stuck


@contextmanager
def _time_limit(seconds: float | None, namespace: dict):
    """Interrupt the block after `seconds` with `_Alarm` (main thread only; else no limit),
    having read what the frames of the student's code (`namespace`) hold a tenth of the limit
    before (`progress.state`): the alarm says whether it was stuck."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return
    before: list = []
    active = [True]

    def on_alarm(signum, frame):
        if not active[0]:       # the block ended as the signal came: neither re-arm nor raise
            return
        if not before:
            before.append(held_state(frame, namespace))
            signal.setitimer(signal.ITIMER_REAL, seconds * PROBE)
            return
        raise _Alarm(stuck=held_state(frame, namespace) == before[0])

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds * (1 - PROBE))
    try:
        yield
    finally:
        active[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


STRIKES = 2     # a function that ran out of time this often is not called again; one that
                # was stuck when it did (`progress`), at once


def timed_out(seconds: float, stuck: bool = False) -> str:
    """The reason given for a call stopped at its time limit (in-process and sandboxed alike)."""
    if stuck:
        return (f"did not finish within {seconds:g} s and was stopped: nothing it held changed "
                f"in its last {seconds * PROBE:g} s (an infinite loop, or a long "
                "sleep?), so it is not called again")
    return (f"did not finish within {seconds:g} s (an infinite loop, or a long sleep?) "
            "and was stopped")


def struck_out(what: str, seconds: float, stuck: bool = False) -> Crashed:
    """The error for a call not made, because `what` ran out of time `STRIKES` times already,
    or once, stuck."""
    if stuck:
        return Crashed(f"{what} was not called again: it did not finish within {seconds:g} s "
                       "and was stuck (nothing it held changed)")
    return Crashed(f"{what} was not called again: it did not finish within {seconds:g} s "
                   f"{STRIKES} times already")


class Submission(Protocol):
    """What a check holds of a submission (and of the reference, which is held the same way):
    handles to the functions and objects it defines, never the objects themselves. Every
    answer is plain data (`values.encode`: read it with the `as_*` readers); every failure of
    the submission's code is a `StudentError` (its message says what was called and what went
    wrong), `NotImplementedYet`, `MissingName` or `Crashed`. Implemented in this process
    (`LocalSubmission`) and across the sandbox's wall (`isolated.IsolatedSubmission`)."""

    def call(self, name: str, *args) -> dict:
        """`name(*args)`, a function of the submission."""

    def new(self, cls: str, *args) -> Any:
        """An instance of the class `cls`, made with `cls(*args)`: its handle."""

    def build(self, cls: str, values: dict, args: tuple = ()) -> Any:
        """An instance with these attributes set (numbers, arrays or lists of them); made
        without running `__init__` when the constructor raises."""

    def method(self, handle, name: str, *args) -> dict:
        """`obj.name(*args)` on the instance `handle`."""

    def get(self, handle, names: list[str]) -> dict[str, dict]:
        """The attributes `names` of the instance (`{"kind": "missing"}` for an absent one)."""

    def set(self, handle, values: dict) -> None:
        """Set attributes of the instance."""

    def lend(self, handle, name: str, attrs: list[str], rows: list) -> Trajectory:
        """Give the instance a method `name` answered by the grader along `rows` of
        (arguments, the attributes `attrs` then, answer) (`lent.py`); returns the grader's
        table, which says afterwards where the calls left those steps (`parting`). With
        `handle` None, the submission's function `name` is lent (`attrs` empty: a function's
        state is its arguments) until `unlend(name)`."""

    def unlend(self, name: str) -> None:
        """Give the submission's function `name` back after `lend(None, name, ...)`."""


class LocalSubmission:
    """Runs a loaded submission's functions in this process.

    With `call_seconds`, each call is interrupted after that long (by SIGALRM, so only code
    that returns to the interpreter: this is the in-kernel path of nbgrader's test cells, where
    the kernel is the only process there is); a function that ran out of time twice is not
    called again, and after `budget_seconds` in all, nothing more is called. The sandboxed
    runner (`isolated.IsolatedSubmission`) enforces the same limits from outside the process.
    """

    def __init__(self, loaded: Loaded, call_seconds: float | None = None,
                 budget_seconds: float | None = None):
        self.namespace = loaded.namespace
        self._objects: dict[int, object] = {}
        self._made = 0
        self._bare: set[int] = set()        # handles of instances made without __init__
        self._made_with: dict[int, tuple] = {}  # handle -> (class, constructor arguments)
        self._made_ids: dict[int, int] = {}     # id(instance) -> handle
        self.asker = None                   # answers lent calls (`lending.py`): the grader's
        self.call_seconds, self.budget_seconds = call_seconds, budget_seconds
        self.spent = 0.0
        self.timeouts: dict[str, int] = {}
        self.hung: dict[str, int] = {}      # time-outs by the function that was running
        self.stuck: set[str] = set()        # names whose time-out was stuck (`progress`)
        self._lent_functions: dict = {}     # name -> the submission's own, while lent

    # --- the operations checks use ------------------------------------------------------
    def call(self, name: str, *args):
        """`name(*args)`, returning plain data."""
        return encode(self._invoke(self._lookup(name), name, args))

    def new(self, cls: str, *args) -> int:
        """An instance of the class `cls`; returns a handle for `method`, `get` and `set`."""
        obj = self._invoke(self._lookup(cls, want_class=True), cls, args)
        self._made += 1
        self._objects[self._made] = obj
        self._made_with[self._made] = (cls, tuple(args))
        self._made_ids[id(obj)] = self._made
        return self._made

    def build(self, cls: str, values: dict, args: tuple = ()) -> int:
        """`cls(*args)` with these attributes set (a network with given parameters: numbers,
        arrays or lists of arrays, each a fresh copy, `values.parameter`).

        When the constructor itself raises, the instance is made without running it
        (`object.__new__`), so that checks needing only the attributes still judge the other
        methods: a broken `__init__` is charged once, by the check that calls `cls()`. A
        constructor that hangs or ends the process is not worked around.
        """
        klass, bare = self._lookup(cls, want_class=True), False
        try:
            obj = self._invoke(klass, cls, tuple(args))
        except (MissingName, Crashed, OutOfTime):
            raise
        except StudentError:
            try:
                obj, bare = object.__new__(klass), True
            except TypeError:
                raise StudentError(f"{cls}() could not be made") from None
        self._made += 1
        self._objects[self._made] = obj
        self._made_with[self._made] = (cls, tuple(args))
        self._made_ids[id(obj)] = self._made
        if bare:
            self._bare.add(self._made)
        self.set(self._made, values)
        return self._made

    def forget(self, handles) -> None:
        """Drop instances no longer needed (their handles are never reused)."""
        for handle in handles:
            self._objects.pop(handle, None)

    def method(self, handle: int, name: str, *args):
        obj = self._objects[handle]
        try:
            bound = getattr(obj, name)
        except AttributeError:
            raise MissingName(f"{type(obj).__name__} has no method {name}()") from None
        except BaseException as error:  # noqa: BLE001
            raise StudentError(describe_exception(error)) from None
        if not callable(bound):
            raise MissingName(f"{type(obj).__name__}.{name} is not a method")
        try:
            return encode(self._invoke(bound, name, args))
        except StudentError as error:
            if handle in self._bare and type(error) is StudentError:
                kind = type(obj).__name__
                raise StudentError(f"{error}; this {kind} was made without running its "
                                   f"__init__, because {kind}() raised") from None
            raise

    def get(self, handle: int, names: list[str]) -> dict:
        """Plain values of the attributes `names` (missing ones are `{"kind": "missing"}`)."""
        obj = self._objects[handle]
        out = {}
        for attr in names:
            try:
                value = getattr(obj, attr)
            except AttributeError:
                out[attr] = {"kind": "missing"}
                continue
            except BaseException as error:  # noqa: BLE001
                raise StudentError(describe_exception(error)) from None
            out[attr] = encode(value)
        return out

    def set(self, handle: int, values: dict) -> None:
        obj = self._objects[handle]
        for attr, value in values.items():
            try:
                setattr(obj, attr, parameter(value))
            except BaseException as error:  # noqa: BLE001
                raise StudentError(describe_exception(error)) from None

    def made_with(self, handle: int) -> tuple:
        """(class name, constructor arguments) of an instance the grader made."""
        return self._made_with[handle]

    def lent(self, specs: list[dict], op: str, *args):
        """Operation `op` with the functions `specs` lent (error carried forward, `lending.py`),
        their answers asked of `self.asker`."""
        from .lending import LENT_SLACK, lenders

        limit = self.call_seconds
        self.call_seconds = limit and limit * LENT_SLACK
        try:
            with lenders(self.namespace, specs, self.asker, self._handle_of):
                return getattr(self, op)(*args)
        finally:
            self.call_seconds = limit

    @contextmanager
    def lending(self, specs, oracle):
        """Inside, every operation runs with `specs` (`carry.Lend`s) lent, answered by `oracle`
        (this process's own grading, without a sandbox)."""
        from .lending import lenders

        with lenders(self.namespace, [s.plain() for s in specs], oracle.answer,
                     self._handle_of):
            yield

    def _handle_of(self, obj) -> int | None:
        handle = self._made_ids.get(id(obj))
        return handle if handle is not None and self._objects.get(handle) is obj else None

    def lend(self, handle: int, name: str, attrs: list[str], rows: list) -> Trajectory:
        """Give the instance a method `name` that answers from `rows` (see `lent.py`): in this
        process, the grader's own (no sandbox)."""
        table = Trajectory(rows, name, attrs)
        self._lend(handle, name, attrs, table.answer)
        return table

    def lend_asking(self, handle: int, name: str, attrs: list[str], table: int) -> None:
        """In the sandbox: `lend`, each call asking the grader (`asker`) for the answer at the
        point reached, from its table `table`; the table itself never enters this process."""
        from .lending import value_of

        def answer(key, state):
            reply = self.asker({"table": table, "args": key, "state": state})
            return None if reply is None else value_of(reply)
        self._lend(handle, name, attrs, answer)

    def unlend(self, name: str) -> None:
        if name in self._lent_functions:
            own = self._lent_functions.pop(name)
            if own is None:
                self.namespace.pop(name, None)
            else:
                self.namespace[name] = own

    def _lend(self, handle: int | None, name: str, attrs: list[str], answer) -> None:
        from .lent import Lent

        if handle is None:          # a function: every caller finds it in the namespace
            own = self.namespace.get(name)
            self._lent_functions.setdefault(name, own)
            self.namespace[name] = Lent(None, name, (), answer, own if callable(own) else None)
            return
        obj = self._objects[handle]
        try:
            own = getattr(obj, name, None)
            setattr(obj, name, Lent(obj, name, attrs, answer, own if callable(own) else None))
        except BaseException as error:  # noqa: BLE001 - its own __setattr__ may refuse
            raise StudentError(describe_exception(error)) from None

    # --- helpers ------------------------------------------------------------------------
    def _hung_in(self, alarm: _Alarm) -> None:
        """Count a time-out against the submission's own function that was running when it
        came (the innermost of its frames). One that timed out `STRIKES` times, or once stuck,
        is made to fail at once (its code replaced, so every reference to it, in the
        namespace, on a class or in a table of its own, fails), and whatever calls it then
        (each method that uses a looping helper) fails fast saying why, instead of using up a
        time limit of its own."""
        tb, code = alarm.__traceback__, None
        while tb is not None:
            if tb.tb_frame.f_code.co_filename.startswith("<"):
                code = tb.tb_frame.f_code
            tb = tb.tb_next
        if code is None or self.call_seconds is None:
            return
        self.hung[code] = STRIKES if alarm.stuck else self.hung.get(code, 0) + 1
        if self.hung[code] < STRIKES:
            return
        message = str(struck_out(code.co_name, self.call_seconds, alarm.stuck))
        scope: dict = {}
        exec(compile(f"def disabled(*args, **kwargs):\n    raise {_HUNG}({message!r})\n",
                     "autograder", "exec"), scope)       # not a "<...>" file: the message names
                                                         # the student's line that called it
        for fn in self._functions():
            if fn.__code__ is code:
                try:
                    fn.__code__ = scope["disabled"].__code__
                    fn.__globals__[_HUNG] = HungTooOften    # where the swapped code finds it
                except (ValueError, TypeError):     # a closure: its cells cannot be dropped
                    pass

    def _functions(self):
        """The submission's functions: top-level, and methods of its classes."""
        for value in list(self.namespace.values()):
            candidates = list(vars(value).values()) if isinstance(value, type) else [value]
            for item in candidates:
                item = getattr(item, "__func__", item)          # static and class methods
                if hasattr(item, "__code__"):
                    yield item

    def _lookup(self, name: str, want_class: bool = False):
        if name not in self.namespace:
            raise MissingName(f"{name} is not defined")
        obj = self.namespace[name]
        if want_class and not isinstance(obj, type):
            raise MissingName(f"{name} is not a class")
        if not callable(obj):
            raise MissingName(f"{name} is not a function")
        return obj

    def _invoke(self, fn, name: str, args):
        if self.timeouts.get(name, 0) >= STRIKES:
            raise struck_out(f"{name}()", self.call_seconds, name in self.stuck)
        if self.budget_seconds is not None and self.spent >= self.budget_seconds:
            raise OutOfTime(f"your code used up its {self.budget_seconds:g} s time budget")
        args = copy.deepcopy(args)   # student code may change its arguments in place
        started = time.monotonic()
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"), quiet(), \
                    _time_limit(self.call_seconds, self.namespace):
                warnings.simplefilter("ignore")
                return fn(*args)
        except _Alarm as alarm:
            self.timeouts[name] = STRIKES if alarm.stuck else self.timeouts.get(name, 0) + 1
            if alarm.stuck:
                self.stuck.add(name)
            reason = timed_out(self.call_seconds, alarm.stuck)
            self._hung_in(alarm)
            raise Crashed(f"{name}() {reason}", reason, alarm.stuck) from None
        except NotImplementedError:
            raise NotImplementedYet(f"{name} still raises NotImplementedError") from None
        except RecursionError:
            raise StudentError(f"{name} recursed without end (RecursionError)") from None
        except OffTrajectory as error:
            raise OffSteps(f"{name} failed: {error}") from None
        except KeyboardInterrupt:
            raise
        except SystemExit as error:
            raise StudentError(f"{name} called sys.exit({error.code!r})") from None
        except (HungTooOften, MemoryError) as error:
            raise StruckOut(describe_exception(error)) from None
        except BaseException as error:  # noqa: BLE001
            raise StudentError(describe_exception(error)) from None
        finally:
            self.spent += time.monotonic() - started


class GraderError(Exception):
    """The reference solution failed: a fault of the grader, never the student's."""


class Reference(LocalSubmission):
    """The reference solution: trusted, and any error it raises is the grader's own."""

    fingerprint = ""      # the SHA-256 of its file: names its outputs in `disk_cache`

    def _invoke(self, fn, name: str, args):
        """The call without a submission's walls (no time limit, no silencing: the grader's
        own code), on a copy of the arguments still: they are the checks' own."""
        args = copy.deepcopy(args)
        try:
            with np.errstate(all="ignore"):
                return fn(*args)
        except NotImplementedError:
            raise NotImplementedYet(f"{name} still raises NotImplementedError") from None
        except KeyboardInterrupt:
            raise
        except BaseException as error:  # noqa: BLE001
            raise GraderError(f"the reference solution failed in {name}: "
                              f"{describe_exception(error)}") from None

    def _lookup(self, name: str, want_class: bool = False):
        try:
            return super()._lookup(name, want_class)
        except MissingName as error:
            raise GraderError(f"the reference solution is incomplete: {error}") from None
