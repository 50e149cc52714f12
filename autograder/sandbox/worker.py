"""The submission's process: `python -I -m autograder.sandbox.worker SCRATCH LIMITS_JSON`.

Started by `spawn` (for `isolated.Worker`, or early by the CLI through `Early`), never by
hand. It puts up the sandbox's walls, then serves the grader's requests one at a time: run one
notebook cell, or one operation of `submission.LocalSubmission` (`call`, `new`, `build`,
`method`, `get`, `set`). Requests arrive as
length-prefixed pickles on the original stdin (written only by the grader); each answer is one
JSON line of plain data on the original stdout. The submission's own stdin is /dev/null and its
stdout and stderr go to a size-capped file, so `input()` or `print` cannot reach the channel.

The grader trusts nothing that comes back: it validates every answer as plain data and makes
every comparison itself (see `isolated.py`).
"""

from __future__ import annotations

import json
import os
import pickle
import resource
import select
import signal
import struct
import sys
import time
from pathlib import Path


def spawn(limits, scratch: Path):
    """Start this module as the sandboxed worker for `scratch` (a `subprocess.Popen`); it
    answers once, on its stdout, when its walls are up."""
    import subprocess
    from dataclasses import asdict

    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(scratch),
           "LANG": "C.UTF-8", "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1",
           "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    with open(scratch / "worker.log", "wb") as stderr:   # what it says before its walls are up
        return subprocess.Popen(
            [sys.executable, "-I", "-m", "autograder.sandbox.worker", str(scratch),
             json.dumps(asdict(limits))],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr,
            cwd=scratch, env=env, start_new_session=True, close_fds=True)


def end(process) -> None:
    """Kill a worker that has run no student code: its process group (its PID-1 dies with it,
    by its parent-death signal)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()


class Early:
    """A worker started by the CLI before the grader imports its checks, so that the two
    start-ups (each mostly importing numpy) overlap on two cores. The submission's sandbox
    takes it (`take`) if its limits are the same; `discard` ends it otherwise."""

    def __init__(self, limits):
        import tempfile

        self.limits = limits
        self.scratch = Path(tempfile.mkdtemp(prefix="autograder-"))
        self.process = spawn(limits, self.scratch)
        self.taken = False

    def take(self, limits):
        """(process, scratch folder), once, for a sandbox with these limits; else None."""
        if self.taken or limits != self.limits:
            return None
        self.taken = True
        return self.process, self.scratch

    def discard(self) -> None:
        if self.taken:
            return
        import shutil

        self.taken = True
        end(self.process)
        shutil.rmtree(self.scratch, ignore_errors=True)


def _read_exact(fd: int, n: int, spin: float = 0.0) -> bytes:
    ready(fd, spin)
    chunks, left = [], n
    while left:
        chunk = os.read(fd, left)
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def ready(fd: int, seconds: float) -> bool:
    """Whether `fd` has data within `seconds`, asking without sleeping. Most answers on the
    channel come within tens of microseconds (a lent call's, the next request of a check);
    a process asleep on an idle core is woken slowly (~60 us where cores are virtual), so a
    short wait spins instead (`walls.Spin`), and a longer one then sleeps in the read.
    Spinning pays only where a core is idle: graders that share the cores do not spin."""
    end = time.perf_counter() + seconds
    while True:
        if select.select([fd], [], [], 0)[0]:
            return True
        if time.perf_counter() > end:
            return False


def _channel(scratch: str) -> tuple[int, int]:
    """Keep the grader's pipes on private descriptors; give the student /dev/null and a file."""
    requests, answers = os.dup(0), os.dup(1)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    out = os.open(os.path.join(scratch, "output.txt"),
                  os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(out, 1)
    os.dup2(out, 2)
    os.close(null)
    os.close(out)
    return requests, answers


def main() -> None:
    scratch, limits_json = sys.argv[1], sys.argv[2]
    from . import walls

    walls.die_with_parent()
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))     # a crash leaves no core file behind
    limits = walls.Limits(**json.loads(limits_json))
    requests, answers = _channel(scratch)
    layers = walls.enter_namespaces()
    pid_namespace = any(line.startswith("PID namespace: in force") for line in layers)
    layers.append(walls.watchdog_layer(limits, pid_namespace))
    moved, told = os.pipe()         # the child waits until it is in its cgroup, if any
    child = os.fork()
    if child:                       # the outer process watches: the child is the PID-1 of
        os.close(requests)          # the new namespace, and its death ends every process
        os.close(answers)           # the submission started
        os.close(moved)
        end_with_grader(child)
        cgroup, line = walls.delegated_cgroup(child, limits)
        os.write(told, line.encode())
        os.close(told)
        if pid_namespace:
            status = walls.watch(child, limits)
        else:
            status = os.waitpid(child, 0)[1]
        walls.release_cgroup(cgroup)
        if os.WIFSIGNALED(status):              # die the same way, so the grader can say how
            signal.signal(os.WTERMSIG(status), signal.SIG_DFL)
            os.kill(os.getpid(), os.WTERMSIG(status))
        os._exit(os.waitstatus_to_exitcode(status) & 0xFF)
    walls.die_with_parent()
    os.close(told)
    with os.fdopen(moved, "rb") as said:
        line = said.read().decode()
    layers += [line] if line else []
    if layers[0].startswith("user namespace: in force"):     # never the host's own values
        layers += walls.namespace_limits(limits)
    os.setpriority(os.PRIO_PROCESS, 0, walls.NICE)    # below its watchdog; children inherit
    serve(scratch, limits, requests, answers, layers)


def end_with_grader(child: int) -> None:
    """The watchdog ends the submission when the grader dies (its parent-death signal, SIGTERM
    here, is caught): it kills the submission's PID 1, whatever that did to its own signals,
    and with it the whole PID namespace."""
    grader = os.getppid()

    def end(*_):
        try:
            os.kill(child, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os._exit(1)

    from . import walls

    signal.signal(signal.SIGTERM, end)
    walls.die_with_parent(signal.SIGTERM)
    if os.getppid() != grader:      # it died before the signal was asked for
        end()


def end_descendants() -> None:
    """Kill every other process of the submission's PID namespace, and reap them: a call that
    hung may have forked processes that hold memory or wait, and the next call, charged for
    them, would be another function's. This process is the namespace's PID 1, so kill(-1)
    reaches all of them and not itself; outside a PID namespace nothing is done."""
    if os.getpid() != 1:
        return
    try:
        os.kill(-1, signal.SIGKILL)
    except OSError:
        pass
    while True:
        try:
            os.waitpid(-1, 0)
        except OSError:                 # ChildProcessError: none left
            return


def serve(scratch: str, limits, requests: int, answers: int, layers: list[str]) -> None:
    import numpy  # noqa: F401 - imported before the walls go up, as every submission needs it

    from ..submission import (Crashed, LocalSubmission, MissingName, NotImplementedYet,
                              OffSteps, StruckOut, StudentError)
    from ..submission.load import Cell, Loaded, execute, seed_submission_rngs
    from . import walls

    layers = layers + [walls.small_scratch(Path(scratch)), walls.drop_capabilities(),
                       walls.landlock(Path(scratch), walls.readable_paths()),
                       walls.rlimits(limits), walls.seccomp()]
    os.chdir(scratch)
    seed_submission_rngs()
    namespace = {"__name__": "__submission__"}
    sub = LocalSubmission(Loaded(namespace), call_seconds=limits.call_seconds)

    def answer(message: dict) -> None:
        data = (json.dumps(message) + "\n").encode()
        view = memoryview(data)
        while view:
            view = view[os.write(answers, view):]

    spin = [0.0]            # how long a wait for the grader spins: the grader's last word

    def read() -> object:
        (size,) = struct.unpack("<I", _read_exact(requests, 4, spin[0]))
        return pickle.loads(_read_exact(requests, size))

    serving = [0]

    def ask(question: dict):
        """A lent call's question to the grader (error carried forward): its plain answer."""
        answer({"id": serving[0], "ask": question})
        try:
            return read()
        except EOFError:
            os._exit(0)

    sub.asker = ask
    answer({"id": 0, "ok": layers})
    while True:
        try:
            ident, op, args, spin[0] = read()
        except EOFError:
            os._exit(0)
        serving[0] = ident
        if op == "exec":
            loaded = execute([Cell(*args)], namespace)
            answer({"id": ident, "ok": loaded.problems[0] if loaded.problems else None})
            continue
        try:
            answer({"id": ident, "ok": getattr(sub, op)(*args)})
        except NotImplementedYet as error:
            answer({"id": ident, "error": "not implemented", "message": str(error)})
        except MissingName as error:
            answer({"id": ident, "error": "missing", "message": str(error)})
        except StruckOut as error:            # a function that hung too often, called again
            answer({"id": ident, "error": "struck", "message": str(error)})
        except OffSteps as error:             # a lent method asked off the prescribed steps
            answer({"id": ident, "error": "off steps", "message": str(error)})
        except Crashed as error:              # its alarm stopped a hang: this process lives on,
            end_descendants()                 # and nothing the hung call started does
            answer({"id": ident, "error": "timeout", "message": error.reason,
                    "stuck": error.stuck})
        except StudentError as error:
            answer({"id": ident, "error": "student", "message": str(error)})
        except Exception as error:  # noqa: BLE001 - e.g. a value the encoder could not read
            answer({"id": ident, "error": "student",
                    "message": "the grader could not use what your code returned "
                               f"({type(error).__name__})"})


if __name__ == "__main__":
    main()
