"""Run a submission in its own sandboxed process, behind the same methods as `LocalSubmission`.

The grader never runs student code and never unpickles anything a submission's process sends:
requests go out as pickles of plain arguments, answers come back as JSON lines that are
validated by `values.is_plain` before any check reads them. Every wait has a deadline.

When a call or a notebook cell does not come back in time, or the process dies (`os._exit`,
a crash, a kill), the process tree is killed and the call fails with a `Crashed` error saying
why; the next operation starts a fresh process and replays the cells that loaded, skipping the
ones that broke it, so the parts a broken function did not touch are still graded. Once the
submission has used its whole time budget, every further operation fails with `OutOfTime`.

Why one module of this size: the channel (framing, deadlines, refusing forged answers) and the
restart-and-replay logic share one process's state; split, each half would reach into the
other's.
"""

from __future__ import annotations

import json
import os
import pickle
import select
import shutil
import signal
import struct
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from ..report.escape import clean
from ..submission import (
    STRIKES,
    Crashed,
    MissingName,
    NotImplementedYet,
    OffSteps,
    OutOfTime,
    StruckOut,
    StudentError,
    struck_out,
    timed_out,
)
from ..submission.lending import LENT_SLACK
from ..submission.lent import Trajectory
from ..submission.load import Cell
from ..submission.values import MAX_ITEMS, encode, is_plain, parameter
from . import worker
from .walls import OVER_MEMORY, OVER_PROCESSES, OVER_TASKS, Limits, Spin

ANSWER_CAP = 8 * 1024 * 1024      # bytes of one answer line
GRACE = 1.0                       # seconds the grader waits past a call's limit: the worker's own
                                  # alarm stops a hang in Python code first, and lives on
START_SECONDS = 30.0              # a worker's start-up (Python + numpy), not charged to the student


class WorkerFailed(Exception):
    """The worker could not start at all: a fault of the machine, never of the student."""


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (Linux's /proc)."""
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except (OSError, ValueError):
        return []


class TimedOut(Crashed):
    """The operation did not answer before its deadline."""


def _fields(cell: Cell) -> tuple:
    return (cell.number, cell.source, cell.label, cell.lines)


class Worker:
    """One sandboxed process (an outer waiter and the submission's PID-1 beneath it)."""

    def __init__(self, limits: Limits, scratch: Path, process: subprocess.Popen | None = None):
        """Start a worker (or adopt `process`, started early by `worker.Early`) and wait for it
        to say that its walls are up."""
        self.process = process or worker.spawn(limits, scratch)
        self.limits = limits
        log = scratch / "worker.log"
        self.buffer = bytearray()
        self.next_id = 1
        self.spin = Spin(limits.spin_seconds)
        answer = self._receive(0, time.monotonic() + START_SECONDS)
        if answer is None or not isinstance(answer.get("ok"), list):
            self.kill()
            said = log.read_text(errors="replace").strip().splitlines()[-3:]
            raise WorkerFailed("the sandboxed worker process did not start"
                               + (": " + " / ".join(said) if said else ""))
        self.layers = [str(line) for line in answer["ok"]]

    def request(self, op: str, args: tuple, seconds: float, limit: float | None = None,
                oracle=None) -> dict:
        """Send one request and wait at most `seconds` for its answer (`limit`, the call's own
        time limit, is what a time-out's message states).

        Returns the decoded answer; on a timeout, death or garbage, kills the process and
        raises `Crashed` with the reason (the caller adds what was running). With `oracle`
        (error carried forward, `lending.py`), the worker's questions about lent calls on the
        way are answered with `oracle(question)`.
        """
        ident = self.next_id
        self.next_id += 1
        deadline = time.monotonic() + seconds
        spin = self.spin.seconds()         # this wait's, and the worker's for the next request
        payload = pickle.dumps((ident, op, args, spin), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self._write(struct.pack("<I", len(payload)) + payload, deadline,
                        seconds if limit is None else limit)
        except (BrokenPipeError, OSError):
            raise Crashed(self._death()) from None
        seconds = seconds if limit is None else limit
        while True:
            answer = self._receive(ident, deadline, seconds, spin)
            if oracle is None or "ask" not in answer:
                return answer
            reply = pickle.dumps(oracle(answer["ask"]), protocol=pickle.HIGHEST_PROTOCOL)
            self._write(struct.pack("<I", len(reply)) + reply, deadline, seconds)

    # --- the channel ----------------------------------------------------------------------
    def _write(self, data: bytes, deadline: float, seconds: float) -> None:
        """Write without ever blocking past `deadline`: a submission that stops reading its
        requests (or one that shrank the pipe, had it been allowed) times out like a hang."""
        fd = self.process.stdin.fileno()
        os.set_blocking(fd, False)
        view = memoryview(data)
        while view:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([], [fd], [], left)[1]:
                raise self._timeout(seconds)
            try:
                view = view[os.write(fd, view[:65536]):]
            except BlockingIOError:         # room for less than the pipe's atomic size
                time.sleep(0.001)

    def _receive(self, ident: int, deadline: float, seconds: float = 0,
                 spin: float = 0.0) -> dict | None:
        fd = self.process.stdout.fileno()
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            ready = worker.ready(fd, spin) or (
                select.select([fd], [], [], max(left, 0))[0] if left > 0 else [])
            if not ready:
                if ident == 0:
                    return None
                raise self._timeout(seconds)
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                if ident == 0:
                    return None
                raise Crashed(self._death())
            self.buffer += chunk
            if len(self.buffer) > ANSWER_CAP and b"\n" not in chunk:
                self.kill()
                raise Crashed(f"sent more than {ANSWER_CAP // 2**20} MiB back to the grader "
                              "in one answer")
        end = self.buffer.index(b"\n")
        line = bytes(self.buffer[:end])
        del self.buffer[:end + 1]
        try:
            answer = json.loads(line)
        except (ValueError, RecursionError):
            answer = None
        if not isinstance(answer, dict) or answer.get("id") != ident or (
                "ask" in answer and set(answer) != {"id", "ask"}):
            self.kill()
            raise Crashed("wrote something that is not the grader's answer onto the grader's "
                          "channel")
        return answer

    def _timeout(self, seconds: float) -> TimedOut:
        self.kill()
        return TimedOut(timed_out(seconds))

    def _death(self) -> str:
        try:                 # the channel closed: let the process finish dying to read its status
            self.process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            pass
        self.kill()
        code = self.process.returncode
        if code is not None and code < 0:
            return f"ended the grading process (killed by {_signal_name(-code)})"
        if code == OVER_MEMORY:
            return (f"was stopped: the submission's processes together used more than "
                    f"{self.limits.memory_mb} MiB of memory")
        if code == OVER_PROCESSES:
            return (f"was stopped: the submission ran more than {self.limits.processes} "
                    "processes at once (a fork bomb?)")
        if code == OVER_TASKS:
            return (f"was stopped: the submission ran more than {self.limits.tasks} threads at "
                    "once")
        return f"ended the grading process (exit status {code}: os._exit() or sys.exit()?)"

    def kill(self) -> None:
        """Kill the worker and the submission's PID-1 beneath it, wherever it moved (a new
        session, no parent-death signal); the PID namespace takes every other descendant."""
        if self.process.returncode is None:
            for pid in _children(self.process.pid):
                try:
                    os.kill(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass


class IsolatedSubmission:
    """A submission's cells, loaded in a sandboxed process; the checks' handle on it."""

    def __init__(self, cells: list[Cell], limits: Limits | None = None,
                 early: worker.Early | None = None):
        self.cells = cells
        self.limits = limits or Limits()
        taken = early.take(self.limits) if early is not None else None
        self.early_process = taken[0] if taken else None   # adopted as the first worker
        self.scratch = taken[1] if taken else Path(tempfile.mkdtemp(prefix="autograder-"))
        self.worker: Worker | None = None
        self.generation = 0
        self.loaded: list[Cell] = []        # cells that ran (replayed after a crash); a cell
                                            # that hung or killed the process is left out
        self.incidents: list[str] = []      # every timeout or death, in order
        self.timeouts: dict[str, int] = {}  # how often each function ran out of time
        self.stuck: set[str] = set()        # those that were stuck when they did (`progress`)
        self.deaths: dict[str, int] = {}    # how often each function ended the process
        self.spent = 0.0
        self.made: dict[tuple, tuple] = {}  # (generation, handle) -> (class, its arguments)
        self._lending = None                # (specs, oracle) while a check is re-run lent
        self._tables: list = []             # lent methods' answers (`lend`), kept here

    # --- loading --------------------------------------------------------------------------
    def load(self) -> list[str]:
        """Run every cell once, in order; returns one problem line per cell that failed."""
        return [problem for cell in self.cells if (problem := self._exec(cell))]

    def _exec(self, cell: Cell) -> str | None:
        try:
            answer = self._request("exec", _fields(cell), cell.where)
        except OutOfTime as error:
            return f"{cell.where}: not run: {error}"
        except Crashed as error:
            return f"{error}; it was skipped when grading everything else"
        self.loaded.append(cell)
        problem = answer.get("ok")
        return clean(problem, 500) if isinstance(problem, str) else None

    def _ensure_worker(self) -> None:
        """A live worker whose namespace holds every cell loaded so far (replayed after a crash)."""
        while self.worker is None:
            self._budget_left()
            started = time.monotonic()
            process, self.early_process = self.early_process, None
            self.worker = Worker(self.limits, self.scratch, process)
            self.generation += 1
            if self.generation > 1:
                self.spent += time.monotonic() - started
            for cell in list(self.loaded):
                try:
                    self._send("exec", _fields(cell), cell.where)
                except Crashed:         # it loaded once but not twice: leave it out from now on
                    self.loaded.remove(cell)
                    break

    # --- the operations checks use ------------------------------------------------------
    def call(self, name: str, *args):
        return self._value(self._request("call", (name, *args), f"{name}()"))

    def new(self, cls: str, *args) -> tuple[int, int]:
        handle = self._request("new", (cls, *args), f"{cls}()").get("ok")
        if type(handle) is not int:
            raise self._refused(f"{cls}() answered the grader with something that is not an "
                                "object handle")
        self.made[(self.generation, handle)] = (cls, tuple(args))
        return (self.generation, handle)

    def build(self, cls: str, values: dict, args: tuple = ()) -> tuple[int, int]:
        handle = self._request("build", (cls, {k: parameter(v) for k, v in values.items()},
                                         tuple(args)), f"{cls}()").get("ok")
        if type(handle) is not int:
            raise self._refused(f"{cls}() answered the grader with something that is not an "
                                "object handle")
        self.made[(self.generation, handle)] = (cls, tuple(args))
        return (self.generation, handle)

    def method(self, handle, name: str, *args):
        return self._value(self._request("method", (self._local(handle), name, *args), f"{name}()"))

    def get(self, handle, names: list[str]) -> dict:
        values = self._request("get", (self._local(handle), names), "reading attributes").get("ok")
        if (not isinstance(values, dict) or set(values) != set(names)
                or not all(is_plain(v) for v in values.values())):
            raise self._refused("answered the grader with something that is not plain attribute "
                                "values")
        return values

    def set(self, handle, values: dict) -> None:
        self._request("set", (self._local(handle), {k: parameter(v) for k, v in values.items()}),
                      "setting attributes")

    def lend(self, handle, name: str, attrs: list[str], rows: list) -> Trajectory:
        """Lend `name` answered along `rows` (`lent.py`): the table stays here, and the worker
        asks for one answer per call (`_answer`)."""
        self._tables.append(Trajectory(rows, name, attrs))
        self._request("lend_asking", (None if handle is None else self._local(handle), name,
                                      list(attrs), len(self._tables) - 1), f"lending {name}")
        return self._tables[-1]

    def unlend(self, name: str) -> None:
        if self.worker is not None:       # a new worker's namespace holds its own anyway
            self._request("unlend", (name,), f"lending {name}")

    def _answer(self, question):
        """The worker's question on the way to an answer: a lent method's (`lend`) from its
        table, a lent call's of error carried forward from the lending oracle; None (the
        submission's own answer stands, or off the trajectory) for what they cannot answer.
        A question while nothing is lent is forged: the worker is ended (`_refused`)."""
        if type(question) is dict and "table" in question:
            return self._from_table(question)
        if self._lending is None:           # nothing is lent: only a forged question
            raise self._refused("asked the grader a question while nothing was lent to it")
        return self._lending[1].answer(question)

    def _from_table(self, question: dict):
        table, args, state = question.get("table"), question.get("args"), question.get("state")
        if (type(table) is not int or not 0 <= table < len(self._tables)
                or set(question) != {"table", "args", "state"}
                or not all(type(v) is list and len(v) <= MAX_ITEMS and all(
                    type(x) in (float, int) and abs(x) < 1e300 for x in v)
                    for v in (args, state))):
            return None
        found = self._tables[table].answer(args, state)
        return None if found is None else encode(found)

    def made_with(self, handle: int) -> tuple:
        """(class, constructor arguments) of the worker's instance `handle` (this generation)."""
        return self.made[(self.generation, handle)]

    @contextmanager
    def lending(self, specs, oracle):
        """Inside, every request runs with `specs` (`carry.Lend`s) lent in the worker, its
        questions answered by `oracle` here (error carried forward)."""
        self._lending = ([s.plain() for s in specs], oracle)
        try:
            yield
        finally:
            self._lending = None

    # --- helpers --------------------------------------------------------------------------
    def _local(self, handle) -> int:
        generation, number = handle
        if generation != self.generation or self.worker is None:
            raise Crashed("the object was lost when an earlier call ended the grading process")
        return number

    def _value(self, answer: dict):
        value = answer.get("ok")
        if not is_plain(value):
            raise self._refused("answered the grader with something that is not a plain value")
        return value

    def _refused(self, reason: str) -> Crashed:
        """An answer the grader refuses: the channel can no longer be trusted (a forged line
        leaves the real one behind it), so the worker is ended and the next operation starts a
        fresh one, charging nothing to the function called next."""
        if self.worker is not None:
            self.worker.kill()
            self.worker = None
        return Crashed(reason)

    def _budget_left(self) -> float:
        left = self.limits.total_seconds - self.spent
        if left <= 0:
            raise OutOfTime(f"your code used up its {self.limits.total_seconds:g} s time budget "
                            "for the whole submission")
        return left

    def _request(self, op: str, args: tuple, what: str) -> dict:
        if self.timeouts.get(what, 0) >= STRIKES:
            raise struck_out(what, self.limits.call_seconds, what in self.stuck)
        if self.deaths.get(what, 0) >= STRIKES:
            raise Crashed(f"{what} was not called again: it ended the grading process "
                          f"{STRIKES} times already")
        self._ensure_worker()
        return self._send(op, args, what)

    def _send(self, op: str, args: tuple, what: str) -> dict:
        limit = min(self.limits.call_seconds, self._budget_left())     # what messages state
        grace = GRACE if op != "exec" else 0.0      # a cell runs with no alarm of the worker's
        started = time.monotonic()
        if self._lending is not None and op != "exec":
            specs, _ = self._lending
            op, args = "lent", (specs, op, *args)
            limit = min(self.limits.call_seconds * LENT_SLACK, self._budget_left())
        try:
            answer = self.worker.request(op, args, limit + grace, limit, self._answer)
        except Crashed as error:
            self.worker = None
            if isinstance(error, TimedOut):
                self.timeouts[what] = self.timeouts.get(what, 0) + 1
            else:
                self.deaths[what] = self.deaths.get(what, 0) + 1
            self.incidents.append(f"{what} {error}")
            raise Crashed(self.incidents[-1], str(error)) from None
        finally:
            self.spent += time.monotonic() - started
        kind, message = answer.get("error"), str(answer.get("message", ""))[:500]
        if kind == "timeout":          # stopped by the worker's own alarm: it is still alive
            stuck = answer.get("stuck") is True         # (said of itself: it can only lose)
            self.timeouts[what] = STRIKES if stuck else self.timeouts.get(what, 0) + 1
            if stuck:
                self.stuck.add(what)
            self.incidents.append(f"{what} {message}")
            raise Crashed(self.incidents[-1], message, stuck)
        if kind == "not implemented":
            raise NotImplementedYet(message)
        if kind == "missing":
            raise MissingName(message)
        if kind == "struck":
            raise StruckOut(message)
        if kind == "off steps":
            raise OffSteps(message)
        if kind is not None:
            raise StudentError(message)
        return answer

    def close(self) -> None:
        if self.early_process is not None:      # adopted, never used: no student code ran
            worker.end(self.early_process)
            self.early_process = None
        if self.worker is not None:
            self.worker.kill()
            self.worker = None
        shutil.rmtree(self.scratch, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
