"""The walls around grading, each against the attack that once got through it.

The hostile corpus (`corpus/hostile.py`, graded by `test_hostile.py`) holds the attacks a
submission can make on its own; these need a stage set around them: a socket listening on the
host, links planted in a submission folder, a named pipe, files named like formulas, a
measurement of the grader's own memory and time.
"""

import csv
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import RELEASE, SOURCE, notebook_from_code, run_cli

from autograder.sandbox.isolated import IsolatedSubmission
from autograder.sandbox.walls import Limits
from autograder.submission import Crashed, StruckOut, StudentError
from autograder.submission.load import Cell

LIMITS = ("--call-time-limit", "2", "--time-limit", "40")


def sandboxed(code: str) -> IsolatedSubmission:
    sub = IsolatedSubmission([Cell(1, code, "cell 1")], Limits(call_seconds=10, total_seconds=60))
    assert sub.load() == []
    return sub


# --- the sandbox ------------------------------------------------------------------------

def test_a_wait_on_the_channel_spins_a_moment_and_then_leaves_the_sleep_to_the_read():
    """`worker.ready`: the grader's and the worker's short waits ask without sleeping (a wake-up
    on an idle virtual core costs more than most answers take); it gives up after its time."""
    from autograder.sandbox import worker

    read, write = os.pipe()
    try:
        assert not worker.ready(read, 0.001)
        os.write(write, b"x")
        assert worker.ready(read, 0)
        assert os.read(read, 1) == b"x"
    finally:
        os.close(read)
        os.close(write)


def test_waits_spin_only_while_the_machine_runs_no_more_tasks_than_its_cores(monkeypatch):
    """`walls.Spin`: where more tasks are runnable than cores (other gradings), a spinning
    wait would hold a core the answering process needs, so waits sleep at once; the machine is
    asked again after `Spin.EVERY`, not at every wait."""
    from autograder.sandbox import walls

    runnable = [2]
    asked = []
    monkeypatch.setattr(walls, "usable_cores", lambda: 2)
    monkeypatch.setattr(walls, "runnable_tasks", lambda: asked.append(1) or runnable[0])
    spin = walls.Spin(0.001)
    assert spin.seconds() == 0.001
    runnable[0] = 5
    assert spin.seconds() == 0.001 and len(asked) == 1      # within EVERY: not asked again
    spin.until = 0.0                                        # EVERY has passed
    assert spin.seconds() == 0.0 and len(asked) == 2
    assert walls.Spin(0.0).seconds() == 0.0 and len(asked) == 2    # never spins: never asks
    assert 1 <= walls.runnable_tasks() < 1 << 30           # this machine's /proc/loadavg


def test_a_unix_socket_listening_on_the_host_cannot_be_reached(tmp_path):
    path = tmp_path / "host.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.listen()
    code = ("import socket\ndef reach(path):\n    s = socket.socket(socket.AF_UNIX)\n"
            "    s.connect(path)\n    return 1.0\n")
    with sandboxed(code) as sub:
        with pytest.raises(StudentError, match="Operation not permitted"):
            sub.call("reach", str(path))
    server.close()


@pytest.mark.parametrize("family", ["AF_NETLINK", "AF_PACKET", "AF_VSOCK", "AF_INET6"])
def test_no_socket_family_can_be_opened(family):
    code = ("import socket\ndef open_one(name):\n"
            "    socket.socket(getattr(socket, name), socket.SOCK_DGRAM).close()\n    return 1.0\n")
    with sandboxed(code) as sub:
        with pytest.raises(StudentError, match="Operation not permitted"):
            sub.call("open_one", family)


@pytest.mark.parametrize("make", ["socket.socketpair()", "os.pipe()", "os.memfd_create('x')"])
def test_no_socket_pair_pipe_or_memfd_holds_kernel_memory(make):
    """Their buffers and pages are in no process's RSS: the watchdog could not see them."""
    code = f"import os, socket\ndef make():\n    {make}\n    return 1.0\n"
    with sandboxed(code) as sub:
        with pytest.raises(StudentError, match="Operation not permitted"):
            sub.call("make")


def test_only_null_zero_and_urandom_can_be_opened():
    allowed = ["/dev/null", "/dev/zero", "/dev/urandom"]
    others = [str(p) for p in Path("/dev").iterdir()      # /dev/stdin links to its own null
              if not p.is_symlink() and (p.is_char_device() or p.is_block_device())
              and str(p) not in allowed][:30]
    assert others, "no other device on this machine to try"
    code = ("def opened(paths):\n    ok = 0\n    for path in paths:\n        try:\n"
            "            open(path, 'rb').close()\n            ok += 1\n"
            "        except OSError:\n            pass\n    return float(ok)\n")
    with sandboxed(code) as sub:
        assert sub.call("opened", allowed)["value"] == 3
        assert sub.call("opened", others)["value"] == 0


def test_processes_that_hold_memory_together_are_stopped_as_a_whole():
    code = ("import os, time\ndef hog():\n    for _ in range(6):\n        if os.fork() == 0:\n"
            "            b = bytearray(400 * 2**20)\n            b[::4096] = b'x' * len(b[::4096])\n"
            "            time.sleep(60)\n    time.sleep(60)\n")
    with sandboxed(code) as sub:
        started = time.monotonic()
        with pytest.raises(Crashed, match="together used more than 1024 MiB"):
            sub.call("hog")
        assert time.monotonic() - started < 8


def test_a_fork_bomb_is_stopped_at_the_process_limit():
    code = ("import os\ndef bomb():\n    while True:\n        try:\n            os.fork()\n"
            "        except OSError:\n            pass\n")
    with sandboxed(code) as sub:
        started = time.monotonic()
        with pytest.raises(Crashed, match="more than 32 processes at once"):
            sub.call("bomb")
        assert time.monotonic() - started < 5


def test_autograder_sandbox_names_every_wall():
    done = run_cli("sandbox")
    assert done.returncode == 0, done.stderr
    for wall in ("seccomp: in force (no sockets", "of /dev only /dev/null, /dev/zero, /dev/urandom",
                 "whole submission: at most 1024 MiB, 32 processes and 256 threads in all",
                 "tasks: the kernel refuses a thread or process past 555 ids",
                 "kernel objects: no new namespace, inotify or fanotify object",
                 "capabilities: none"):
        assert wall in done.stdout, done.stdout


# --- links and special files ------------------------------------------------------------

def test_a_notebook_linked_to_the_reference_is_refused_in_a_batch(tmp_path):
    folder = tmp_path / "in"
    (folder / "mallory").mkdir(parents=True)
    (folder / "mallory" / "nn_intro.ipynb").symlink_to(SOURCE)
    (folder / "trudy.py").symlink_to("/proc/self/environ")
    (folder / "linkdir").symlink_to(SOURCE.parent, target_is_directory=True)
    done = run_cli("grade-all", folder, "--out", tmp_path / "out", *LIMITS)
    assert done.returncode == 0, done.stderr
    rows = {r["student"]: r for r in csv.DictReader(open(tmp_path / "out" / "gradebook.csv"))}
    assert set(rows) == {"mallory", "trudy", "linkdir"}
    for row in rows.values():
        assert row["total"] == "0" and row["status"] == "unreadable", row
        assert "symbolic link" in row["reason"], row


def test_a_submission_folder_holding_a_link_gets_zero_with_the_reason(tmp_path):
    """Gradescope's /autograder/submission, as `grade DIR` reads it."""
    (tmp_path / "submission").mkdir()
    (tmp_path / "submission" / "nn_intro.ipynb").symlink_to(SOURCE)
    results = tmp_path / "results.json"
    done = run_cli("grade", tmp_path / "submission", "--results", results, "--quiet", *LIMITS)
    assert done.returncode == 0, done.stderr
    graded = json.loads(results.read_text())
    assert graded["score"] == 0 and "symbolic link" in graded["output"]


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe.py")
    started = time.monotonic()
    done = run_cli("grade-all", folder, "--out", tmp_path / "out", *LIMITS)
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 30
    [row] = csv.DictReader(open(tmp_path / "out" / "gradebook.csv"))
    assert row["status"] == "unreadable" and "not a regular file" in row["reason"]


def test_two_submissions_with_one_stem_are_two_rows(tmp_path, reference_code):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bob.py").write_text(reference_code)
    notebook_from_code(reference_code.replace("return float(((y_true - y_pred) ** 2).mean())",
                                              "return float(((y_true - y_pred) ** 2).sum())"),
                       folder / "bob.ipynb")
    done = run_cli("grade-all", folder, "--out", tmp_path / "out", *LIMITS)
    assert done.returncode == 0, done.stderr
    rows = {r["student"]: r for r in csv.DictReader(open(tmp_path / "out" / "gradebook.csv"))}
    assert set(rows) == {"bob.py", "bob.ipynb"}
    assert rows["bob.py"]["total"] == "100" and float(rows["bob.ipynb"]["part4"]) < 10


# --- what a submission says, where it goes ----------------------------------------------

INJECTED = ("boom\nLecture: <script>alert(1)</script>\nHint: <img src=x onerror=alert(1)>"
            "\nLikely misconception: you are right. \x1b[2J\x1b[1;1HTotal 100 / 100\x1b[8m")


def test_what_an_exception_says_is_text_in_every_report(tmp_path, reference_code):
    code = reference_code.replace("def relu(x):\n", f"def relu(x):\n    raise ValueError({INJECTED!r})\n")
    submission = tmp_path / "nn_intro.py"
    submission.write_text(code)
    results = tmp_path / "out" / "results.json"
    done = run_cli("grade", submission, "--results", results, *LIMITS)
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout and "\\x1b[2J" in done.stdout
    page = (tmp_path / "out" / "feedback.html").read_text()
    assert "<script>" not in page and "<img" not in page and "&lt;script&gt;" in page
    assert page.count('class="diagnosis"') == 0
    markdown = (tmp_path / "out" / "feedback.md").read_text()
    assert "> **Likely misconception:**" not in markdown
    fenced = False
    for line in markdown.splitlines():          # the message stays inside its code fence
        fenced ^= line.startswith("```")
        assert fenced or not line.startswith(("Lecture: <script>", "Hint: <img")), line
    assert "\x1b" not in results.read_text()


def test_a_student_named_like_a_formula_is_text_in_the_gradebook(tmp_path, reference_code):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / '=HYPERLINK("http:x",1).py').write_text(reference_code)
    (folder / "+cmd.py").write_text(reference_code)
    done = run_cli("grade-all", folder, "--out", tmp_path / "out", *LIMITS)
    assert done.returncode == 0, done.stderr
    names = [r["student"] for r in csv.DictReader(open(tmp_path / "out" / "gradebook.csv"))]
    assert sorted(names) == ["'+cmd", "'=HYPERLINK(\"http:x\",1)"]


def test_a_comparison_continued_with_bang_equals_is_python_not_a_shell_escape(
        tmp_path, reference_code):
    code = reference_code.replace(
        "    return np.where(np.asarray(x) > 0, 1.0, 0.0)",
        "    positive = (np.asarray(x) > 0)\n    same = (positive\n"
        "            != False)\n    return np.where(same, 1.0, 0.0)")
    notebook = notebook_from_code(code, tmp_path / "nn_intro.ipynb",
                                  first_cells=("%matplotlib inline\n!echo hello",))
    results = tmp_path / "results.json"
    done = run_cli("grade", notebook, "--results", results, "--quiet", *LIMITS)
    assert done.returncode == 0, done.stderr
    assert json.loads(results.read_text())["score"] == 100


# --- the grader's own resources ---------------------------------------------------------

def _measured(args) -> tuple[float, float, subprocess.CompletedProcess]:
    """Run the CLI in a child; (seconds, peak MiB of the grader's own process, result)."""
    script = ("import resource, subprocess, sys, time\n"
              "t = time.monotonic()\n"
              "done = subprocess.run([sys.executable, '-m', 'autograder', *sys.argv[1:]])\n"
              "print(time.monotonic() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
              "sys.exit(done.returncode)\n")
    done = subprocess.run([sys.executable, "-c", script, *map(str, args)], capture_output=True,
                          text=True, timeout=300)
    seconds, kib = done.stdout.split()[-2:]
    return float(seconds), int(kib) / 1024, done


@pytest.mark.parametrize("attack", [
    ("relu returns 1.4 million floats", "    return np.maximum(0.0, x)",
     "    return [0.0] * 1_400_000 if np.ndim(x) else np.zeros(1_400_000)"),
    ("60,000 statements", "import numpy as np", "import numpy as np\n" + "_x = 1\n" * 60_000),
])
def test_the_grader_stays_under_a_minute_and_one_and_a_half_gigabytes(attack, tmp_path,
                                                                      reference_code):
    _, old, new = attack
    submission = tmp_path / "nn_intro.py"
    submission.write_text(reference_code.replace(old, new, 1))
    seconds, mib, done = _measured(["grade", submission, "--results", tmp_path / "r.json",
                                    "--quiet", "--no-report"])
    assert done.returncode == 0, done.stderr
    assert seconds < 60 and mib < 1536, (seconds, mib)
    assert json.loads((tmp_path / "r.json").read_text())["score"] >= 80


def test_a_delegated_cgroup_holds_each_submission_with_its_own_limits(tmp_path):
    """Where a deployment delegates a cgroup v2 folder, each submission's PID 1 is moved into
    a cgroup of its own below it, with memory.max and pids.max. (A plain folder stands in for
    the delegated cgroup here: this machine's cgroups are its supervisor's, never written.)"""
    delegated = tmp_path / "grader.slice"
    delegated.mkdir()
    limits = Limits(call_seconds=10, total_seconds=60, memory_mb=512, processes=8, tasks=8,
                    cgroup=str(delegated))
    with IsolatedSubmission([Cell(1, "x = 1\n", "cell 1")], limits) as sub:
        sub.load()
        line = next(line for line in sub.worker.layers if line.startswith("delegated cgroup"))
        [own] = list(delegated.iterdir())
        assert line == (f"delegated cgroup: {own} (memory.max 512 MiB, pids.max 8, kept by the "
                        "kernel)")
        assert (own / "memory.max").read_text() == f"{512 * 2**20}\n"
        assert (own / "pids.max").read_text() == "8\n"
        pid_one = int((own / "cgroup.procs").read_text())
        assert pid_one in [int(p) for p in Path(f"/proc/{sub.worker.process.pid}/task/"
                                                f"{sub.worker.process.pid}/children")
                           .read_text().split()]


def test_no_cgroup_is_written_unless_one_is_delegated():
    with sandboxed("x = 1\n") as sub:
        assert not any("cgroup" in line for line in sub.worker.layers)


def test_parameters_cross_as_numbers_arrays_and_lists_of_arrays_never_shared():
    """The protocol carries what a layered network's parameters are: lists of arrays, each a
    fresh float64 copy on the submission's side, read back as plain data."""
    import numpy as np

    code = ("class Net:\n    def scale(self):\n        for w in self.weights:\n"
            "            w *= 2\n        self.bias += 1\n        return 1.0\n")
    weights = [np.arange(6, dtype=np.int64).reshape(2, 3), np.ones((3, 1), dtype=np.float32)]
    with sandboxed(code) as sub:
        net = sub.build("Net", {"weights": weights, "bias": 0.5})
        sub.method(net, "scale")
        got = sub.get(net, ["weights", "bias"])
    assert got["bias"] == {"kind": "number", "value": 1.5}
    assert [item["shape"] for item in got["weights"]["items"]] == [[2, 3], [3, 1]]
    assert got["weights"]["items"][0]["data"] == [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
    assert weights[0].dtype == np.int64 and weights[0][0, 1] == 1      # the grader's copy


def test_a_function_that_hung_twice_fails_fast_wherever_it_is_called_from():
    """The worker's own alarm stops a hang in Python code without ending the process, and the
    function that was running (not only the call asked for) is disabled after two: a method
    reaching it, even through a table of its own, then fails at once, saying why. (This loop
    counts: it changes what it holds, so its first time-out leaves it a second chance.)"""
    code = ("def relu(z):\n    i = 0\n    while True:\n        i += 1\n\nTABLE = {'relu': relu}\n\n"
            "class Net:\n    def forward(self, x):\n        return TABLE['relu'](x) + 1\n")
    with sandboxed(code) as sub:
        for _ in range(2):
            with pytest.raises(Crashed, match="did not finish within 10 s \\(an infinite"):
                sub.call("relu", 1.0)
        net = sub.new("Net")
        started = time.monotonic()
        with pytest.raises(StruckOut, match="relu was not called again: it did not finish "
                                            r"within 10 s 2 times already \(line 10 of cell 1\)"):
            sub.method(net, "forward", 1.0)
        assert time.monotonic() - started < 1
        assert sub.generation == 1          # one process all along: nothing was killed


def test_a_search_stops_at_the_memory_limit():
    """MemoryError, the memory wall met on inputs of a few dozen numbers, fails the same on
    every input: the search stops at the first, as at a hang, instead of shrinking through
    allocations (the looping-memory `mlp` notebook: 5.6 s of searches)."""
    from autograder.grading.checks.base import Stopped, calling
    from autograder.grading.checks.strategies import floats, search
    from autograder.submission import LocalSubmission
    from autograder.submission.load import execute

    sub = LocalSubmission(execute([Cell(1, "def relu(z):\n    raise MemoryError\n", "cell 1")]))
    calls = []

    def body(x):
        calls.append(x)
        with calling(f"relu({x})"):
            sub.call("relu", x)
    with pytest.raises(Stopped, match=r"relu\(0.0\) raised MemoryError \(line 2 of cell 1\)"):
        search(lambda: floats(1.0), body, examples=10)
    assert len(calls) == 1


FORKS_THEN_HANGS = """
import os, time

def relu(z):
    global child
    child = os.fork()
    if child == 0:
        time.sleep(60)
        os._exit(0)
    while True:
        pass

def tanh(x):
    try:
        os.kill(child, 0)
    except ProcessLookupError:
        return 0.0
    return 1.0
"""


def test_what_a_call_that_hung_started_ends_with_it():
    """A call stopped by the worker's alarm leaves the process alive, but not the processes
    it forked: they would hold memory or wait into the next call, which would be charged for
    them (another function's). The worker, PID 1 of its namespace, ends and reaps them."""
    with IsolatedSubmission([Cell(1, FORKS_THEN_HANGS, "cell 1")],
                            Limits(call_seconds=1, total_seconds=60)) as sub:
        assert sub.load() == []
        with pytest.raises(Crashed, match="did not finish within 1 s"):
            sub.call("relu", 1.0)
        assert sub.call("tanh", 0.0) == {"kind": "number", "value": 0.0}
        assert sub.generation == 1


STUCK = """
import time

def relu(z):
    while True:
        pass

def tanh(x):
    time.sleep(100)

def sigmoid(n):
    total, k = 0, 0
    while k < n:
        total, k = total + k, k + 1
    return float(total)
"""


@pytest.mark.parametrize("isolated", [True, False, "kernel"])
def test_a_call_that_was_stuck_is_not_called_again_but_a_slow_one_is(isolated):
    """A time-out with nothing changing in the call's frames over the limit's last tenth (a
    loop that changes nothing, a sleep) is final: the function is not called again, and no
    second time limit is spent on it. A loop that counts was only slow on that input: it is
    called again, and finishes on a smaller one. In the sandbox and in-process alike, and in a
    Jupyter kernel, whose code is told by its globals (its file names are real paths)."""
    from autograder.submission import LocalSubmission
    from autograder.submission.load import Loaded, execute

    if isolated == "kernel":         # a Jupyter kernel's code has file names of its own
        namespace: dict = {}
        exec(compile(STUCK, "/tmp/ipykernel_1/2.py", "exec"), namespace)
        sub = LocalSubmission(Loaded(namespace), call_seconds=1)
    elif isolated:
        sub = IsolatedSubmission([Cell(1, STUCK, "cell 1")], Limits(call_seconds=1,
                                                                    total_seconds=60))
        assert sub.load() == []
    else:
        sub = LocalSubmission(execute([Cell(1, STUCK, "cell 1")]), call_seconds=1)
    try:
        for name in ("relu", "tanh"):
            with pytest.raises(Crashed, match="nothing it held changed in its last 0.1 s"):
                sub.call(name, 1.0)
            started = time.monotonic()
            with pytest.raises(Crashed, match=f"{name}\\(\\) was not called again: it did not "
                                              "finish within 1 s and was stuck"):
                sub.call(name, 1.0)
            assert time.monotonic() - started < 0.5
        with pytest.raises(Crashed, match=r"did not finish within 1 s \(an infinite loop"):
            sub.call("sigmoid", 10**10)
        assert sub.call("sigmoid", 4) == {"kind": "number", "value": 6.0}
    finally:
        if isolated is True:
            sub.close()


def test_what_a_stuck_call_is_told_by_changes_in_what_its_frames_hold():
    """`progress.state` reads the submission's frames without running its code: values of
    numbers and small arrays, plain containers item by item; what it cannot read (a large
    array) is never the same twice, so a slow loop over one is not taken for stuck."""
    import numpy as np

    from autograder.submission import progress

    namespace: dict = {}
    exec(compile("import sys\ndef grab(a, b=None):\n    return sys._getframe()\n", "<cell 1>",
                 "exec"), namespace)
    grab = namespace["grab"]
    small = np.zeros(4)
    first = progress.state(grab(small, [1.0, {"k": 2}]), namespace)
    assert first == progress.state(grab(small, [1.0, {"k": 2}]), namespace)
    changed = small.copy()
    changed[2] = 1.0
    assert first != progress.state(grab(changed, [1.0, {"k": 2}]), namespace)
    assert first != progress.state(grab(small, [1.0, {"k": 3}]), namespace)
    large = np.zeros(progress.ARRAY_BYTES // 8 + 1)
    assert progress.state(grab(large), namespace) != progress.state(grab(large), namespace)

    class Loud(type):                # a submission's metaclass: reading its types runs nothing
        def __eq__(cls, other):
            raise AssertionError("ran the submission's __eq__")

        __hash__ = __eq__

    held = progress.state(grab(Loud("Mine", (), {})(), [Loud("Theirs", (), {})()]), namespace)
    assert isinstance(held, tuple) and held[0][2][0][1][0] == "object"


def test_a_search_stops_at_a_function_that_hung_too_often():
    """A call that fails at a disabled function fails the same on every input: the search ends
    there, as at a hang, instead of running hypothesis and shrinking (seconds per check)."""
    from autograder.grading.checks.base import Stopped, calling
    from autograder.grading.checks.strategies import floats, search

    calls = []

    def body(x):
        calls.append(x)
        with calling(f"forward({x})"):
            raise StruckOut("HungTooOften: relu was not called again")
    with pytest.raises(Stopped, match="relu was not called again"):
        search(lambda: floats(1.0), body, examples=10)
    assert len(calls) == 1


# --- waits with deadlines, exits that clean up ---------------------------------------------

def test_a_worker_that_stops_reading_its_requests_times_out_the_write():
    """The grader's write to a worker never blocks past the call's deadline, however little
    room the pipe has (here: a process that never reads, and a request of several MiB)."""
    from autograder.sandbox.isolated import TimedOut, Worker
    from autograder.sandbox.walls import Spin

    worker = Worker.__new__(Worker)
    worker.process = subprocess.Popen(["sleep", "30"], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, start_new_session=True)
    worker.limits, worker.buffer, worker.next_id = Limits(), bytearray(), 1
    worker.spin = Spin(0.0)
    started = time.monotonic()
    with pytest.raises(TimedOut, match="did not finish within 1 s"):
        worker.request("call", ("relu", "x" * 5_000_000), 1.0)
    assert time.monotonic() - started < 3
    assert worker.process.poll() is not None       # the timeout killed it


def test_sigterm_ends_the_grading_and_every_process_of_the_submission(tmp_path, reference_code):
    """What CI and Gradescope send to a job that runs too long: the submission's processes go
    with the grader, though they left its session and tried to drop their parent-death signal."""
    from test_hostile import processes, wait_until_gone

    marker = f"7{os.getpid() % 1000}.25"
    code = reference_code.replace("def relu(x):\n", "def relu(x):\n    while True: pass\n") + f"""
import ctypes, os, time
ctypes.CDLL(None).prctl(1, 0, 0, 0, 0)
if os.fork() == 0:
    os.setsid()
    os.execvp("sleep", ["sleep", "{marker}"])
"""
    (tmp_path / "nn_intro.py").write_text(code)
    grader = subprocess.Popen([sys.executable, "-m", "autograder", "grade", "nn_intro.py",
                               "--results", "r.json", "--call-time-limit", "30"],
                              cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
    deadline = time.monotonic() + 20
    while not any(marker in cmd for cmd in processes().values()):
        assert time.monotonic() < deadline, "the submission's process never started"
        time.sleep(0.05)
    time.sleep(0.5)                 # relu is called: the grader waits on the hanging call
    grader.terminate()
    _, stderr = grader.communicate(timeout=20)
    assert grader.returncode == 143, stderr
    assert "terminated" in stderr
    assert wait_until_gone(lambda pid, cmd: marker in cmd) == []


# --- answers read within bounds ---------------------------------------------------------

def test_an_array_whose_sides_multiply_past_numpys_bound_is_not_plain():
    from autograder.submission.values import is_plain
    assert not is_plain({"kind": "array", "shape": [0, 2 ** 31, 2 ** 31], "data": []})
    assert is_plain({"kind": "array", "shape": [0, 2 ** 20], "data": []})


def test_an_answer_the_grader_cannot_read_fails_that_check_with_a_reason():
    from autograder.grading.checks import Checks
    from autograder.grading.results import FAILED
    from autograder.grading.run import run_check

    checks = Checks()

    @checks.check(part=1, points=2, title="t", lecture="l", hint="h")
    def reads_badly(sub, ref):
        raise ValueError("array is too big")

    [check] = checks._declared
    r = run_check(check, object(), None)
    assert r.status == FAILED and r.score == 0
    assert "could not read what your code returned (ValueError: array is too big" in r.message


# --- one row per submission -------------------------------------------------------------

def test_names_that_clash_twice_still_give_one_row_each(tmp_path, reference_code):
    """alice.py and alice.ipynb share a stem; alice.py.ipynb's stem is then alice.py's whole
    name: four files, four rows, and alice.py's full marks stay hers."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "alice.py").write_text(reference_code)
    for name in ("alice.ipynb", "alice.py.ipynb"):
        (folder / name).write_bytes(RELEASE.read_bytes())
    (folder / "bob.py").write_text(reference_code)
    done = run_cli("grade-all", folder, "--out", tmp_path / "out", *LIMITS)
    assert done.returncode == 0, done.stderr
    rows = {r["student"]: r for r in csv.DictReader(open(tmp_path / "out" / "gradebook.csv"))}
    assert set(rows) == {"alice.py", "alice.ipynb", "alice.py.ipynb", "bob"}
    assert rows["alice.py"]["total"] == "100" and rows["bob"]["total"] == "100"
    assert rows["alice.ipynb"]["total"] == "0" and rows["alice.py.ipynb"]["total"] == "0"
    assert json.loads((tmp_path / "out" / "alice.py" / "results.json").read_text())["score"] == 100


# --- resources the kernel holds: correct students beside an attacker keep full marks ------

HOGS = {
    "threads_in_every_process": (
        "import os, threading, time\nthreading.stack_size(32768)\n"
        "for _ in range(16):\n    if os.fork() == 0:\n        break\n"
        "while True:\n    try:\n        threading.Thread(target=time.sleep, args=(30,), "
        "daemon=True).start()\n    except RuntimeError:\n        time.sleep(30)\n"),
    "cpu_in_new_sessions": (       # threads that leave the GIL, in processes of their own
        "import os, threading, numpy\ndef _spin():\n    a = numpy.ones((200, 200))\n"
        "    while True:\n        a @ a\nfor _ in range(8):\n    if os.fork() == 0:\n"
        "        try:\n            os.setsid()\n        except OSError:\n            pass\n"
        "        for _ in range(16):\n            threading.Thread(target=_spin, "
        "daemon=True).start()\n        _spin()\n"),
    "kernel_memory_and_counts": (
        "import ctypes, os, socket, time\nlibc = ctypes.CDLL(None)\n"
        "for _ in range(200):\n    for grab in (lambda: os.memfd_create('m'), socket.socketpair, "
        "os.pipe, lambda: libc.inotify_init1(0)):\n        try:\n            grab()\n"
        "        except OSError:\n            pass\ntime.sleep(30)\n"),
}


@pytest.mark.parametrize("hog", sorted(HOGS))
def test_correct_students_beside_a_resource_attack_keep_full_marks(hog, tmp_path, reference_code):
    folder = tmp_path / "in"
    folder.mkdir()
    for student in ("amy", "ben", "cal", "dee", "eli"):
        (folder / f"{student}.py").write_text(reference_code)
    (folder / "mallory.py").write_text(reference_code + "\n" + HOGS[hog])
    done = run_cli("grade-all", folder, "--out", tmp_path / "out", "--jobs", "2",
                   "--call-time-limit", "2", "--time-limit", "20")
    assert done.returncode == 0, done.stderr
    rows = {r["student"]: r for r in csv.DictReader(open(tmp_path / "out" / "gradebook.csv"))}
    assert {s: rows[s]["total"] for s in ("amy", "ben", "cal", "dee", "eli")} == dict.fromkeys(
        ("amy", "ben", "cal", "dee", "eli"), "100"), done.stdout
    assert rows["mallory"]["status"] != "error", rows["mallory"]
