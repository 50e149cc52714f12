"""Broken and hostile submissions: each gets a result, with a reason, and fools nothing.

Each case builds a submission file from the reference's code (so everything it does not break
is correct) and says what grading must conclude: the score range, the parts that must keep
full marks, and words the results must contain (the reason a student or an instructor reads).
`Context` gives a case the paths it wants to attack.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Callable


@dataclass(frozen=True)
class Context:
    reference: str       # the reference solution's path
    results: str         # where the grader is told to write results.json
    marker: str          # the argument of `sleep` in processes the submission leaves behind


@dataclass(frozen=True)
class Hostile:
    name: str
    build: Callable[[str, Context], str]    # (reference code, context) -> file content
    score: tuple[float, float]              # inclusive range of the total
    says: tuple = ()                        # each must appear in results.json (a tuple
                                            # of them: one of them)
    full: frozenset = field(default_factory=frozenset)   # parts that keep full marks
    suffix: str = ".py"


ALL = frozenset(range(1, 7))


def case(name, build, score, says=(), full=ALL, suffix=".py"):
    return Hostile(name, build, score, tuple(says), frozenset(full), suffix)


def first_line(code: str, header: str, line: str) -> str:
    """`code` with `line` as the first statement of the function that starts with `header`."""
    assert code.count(header) == 1, header
    indent = " " * (len(header) - len(header.lstrip()) + 4)
    return code.replace(header, f"{header}\n{indent}{line}")


def replaced(code: str, old: str, new: str) -> str:
    assert code.count(old) == 1, old
    return code.replace(old, new)


RELU = "def relu(x):"
MSE = "def mse_loss(y_true, y_pred):"
SIGMOID_DERIVATIVE = "def sigmoid_derivative(x):"
TANH = "def tanh(x):"
BACKPROP = "    def backprop(self, x, y_true):"
INIT = "    def __init__(self):"
SUM_NOT_MEAN = ("return float(((y_true - y_pred) ** 2).mean())",
                "return float(((y_true - y_pred) ** 2).sum())")

LIAR = '''
class Liar:
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __float__(self): return 0.5
    def __abs__(self): return 0.0
    def __sub__(self, other): return 0.0
    __rsub__ = __sub__
    def __lt__(self, other): return True
    __le__ = __gt__ = __ge__ = __lt__
    def __array__(self, *a, **k): return np.asarray(0.5)
'''

PATCH_HELPERS = '''
import math, unittest
np.isclose = lambda *a, **k: True
np.allclose = lambda *a, **k: True
np.testing.assert_allclose = lambda *a, **k: None
np.testing.assert_almost_equal = lambda *a, **k: None
math.isclose = lambda *a, **k: True
unittest.TestCase.assertAlmostEqual = lambda *a, **k: None
try:
    import pytest
    pytest.approx = lambda expected, *a, **k: type("Any", (), {"__eq__": lambda s, o: True})()
except Exception:
    pass
'''

PATCH_GRADER = '''
try:
    import autograder.grading.run as _run, autograder.grading.checks.base as _base, autograder.submission.values as _values
    _run.run_check = lambda check, sub, ref: _run.result(check, "passed", "Passed.")
    _base.expect_close = lambda *a, **k: None
    _values.as_float = lambda plain: 0.25
    _values.encode = lambda value, depth=0: {"kind": "number", "value": 0.25}
except Exception:
    pass
'''

def _leave_processes(code: str, ctx: Context) -> str:
    return code + f'''
import os, subprocess
subprocess.Popen(["sleep", "{ctx.marker}"], start_new_session=True)
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execvp("sleep", ["sleep", "{ctx.marker}"])
    os._exit(0)

def _more():
    subprocess.Popen(["sleep", "{ctx.marker}"], start_new_session=True)
'''


def _escape_then_hang(code: str, ctx: Context) -> str:
    """Drops the parent-death signal, leaves the worker's session, starts a daemon, then hangs."""
    return first_line(code, RELU, "while True: pass") + f'''
import ctypes, os, subprocess
ctypes.CDLL(None).prctl(1, 0, 0, 0, 0)      # PR_SET_PDEATHSIG = 0
try:
    os.setsid()
except OSError:
    pass
subprocess.Popen(["sleep", "{ctx.marker}"], start_new_session=True)
'''


TRAIN = "    def train(self, data, all_y_trues, learn_rate=0.1, epochs=1000):"
_JUMP = """
        import gc
        names = ("w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3")
        found = [o for o in gc.get_objects() if type(o).__name__ in ("Trajectory", "Lent")]
        for lent in [getattr(self, "backprop", None), *found]:
            rows = getattr(lent, "_rows", None)
            if rows:
                _, state, grads = rows[-1]
                if isinstance(grads, dict):
                    for name, value in zip(names, state):
                        setattr(self, name, float(value) - learn_rate * grads[name])
        return [mse_loss(all_y_trues, [self.feedforward(x) for x in data])] * epochs
"""


def _jump_to_the_end(code: str, ctx: Context) -> str:
    """A train that takes no step: it looks for the grader's table of the prescribed steps (the
    lent backprop's) and sets the parameters where the table ends."""
    start = code.index(TRAIN)
    end = code.index("        return losses\n", start) + len("        return losses\n")
    return code[:start] + TRAIN + _JUMP + code[end:]


def _read_reference(code: str, ctx: Context) -> str:
    """Defines nothing itself: it tries every way to the reference and runs what it finds."""
    return f'''
import json, os, glob
_paths = [{ctx.reference!r}, os.environ.get("AUTOGRADER_REFERENCE", "")]
try:
    from autograder.grading.assignment import registered
    _paths += [str(a.reference) for a in registered().values()]
except Exception:
    pass
_paths += glob.glob("/work/**/solutions/**/*.ipynb", recursive=True)
for _path in _paths:
    try:
        _cells = json.load(open(_path))["cells"]
    except Exception:
        continue
    for _cell in _cells:
        if _cell["cell_type"] == "code" and "autograder" not in "".join(_cell["source"]):
            try:
                exec("".join(_cell["source"]), globals())
            except Exception:
                pass
'''


def _fake_results(code: str, ctx: Context) -> str:
    fake = json.dumps({"score": 100, "max_score": 100, "output": "FAKE", "tests": []})
    return replaced(code, *SUM_NOT_MEAN) + f'''
import os
for _path in [{ctx.results!r}, "results.json", "/autograder/results/results.json",
              os.path.join(os.path.dirname({ctx.results!r}), "gradebook.csv")]:
    try:
        os.makedirs(os.path.dirname(_path) or ".", exist_ok=True)
        open(_path, "w").write({fake!r})
    except Exception:
        pass
'''


def _forge(line: str) -> str:
    """A body for relu that writes its own answer onto the grader's channel, with the id of
    the request it is serving (found in the worker's frames), then returns normally."""
    return ("import sys, os\n"
            "    _f = sys._getframe()\n"
            "    while _f is not None and not {'ident', 'answers'} <= set(_f.f_locals):\n"
            "        _f = _f.f_back\n"
            "    if _f is not None:\n"
            "        _id = _f.f_locals['ident']\n"
            f"        os.write(_f.f_locals['answers'], ({line!r} % _id).encode() + b'\\n')\n"
            "    return np.maximum(0.0, x)")


# Succeeds only where a wall is missing: then sigmoid is deleted, and the score shows it.
_REACH_OUT = '''
import os, socket, stat
def _reach_out():
    reached = []
    for family in ("AF_UNIX", "AF_NETLINK", "AF_PACKET", "AF_VSOCK", "AF_INET"):
        try:
            socket.socket(getattr(socket, family), socket.SOCK_RAW if family == "AF_PACKET"
                          else socket.SOCK_DGRAM).close()
            reached.append(family)
        except (OSError, AttributeError):
            pass
    for root in ("/run", "/var/run", "/tmp", "/dev"):
        for folder, _, names in os.walk(root):
            for name in names:
                path = os.path.join(folder, name)
                try:
                    mode = os.lstat(path).st_mode
                    if stat.S_ISSOCK(mode):
                        s = socket.socket(socket.AF_UNIX)
                        s.setblocking(False)
                        s.connect(path)
                        reached.append(path)
                    elif (stat.S_ISCHR(mode) or stat.S_ISBLK(mode)) and path not in (
                            "/dev/null", "/dev/zero", "/dev/urandom"):
                        os.close(os.open(path, os.O_RDONLY | os.O_NONBLOCK))   # a tty would
                        reached.append(path)                                   # block a read
                except OSError:
                    pass
    return reached
if _reach_out():
    del sigmoid
'''


# Kernel memory no process's RSS shows, and kernel counts shared with the grader's user: each
# attempt that works is one wall missing, and then sigmoid is deleted.
_HOLD_KERNEL_MEMORY = '''
import ctypes, fcntl, os, socket
_libc = ctypes.CDLL(None, use_errno=True)
def _held():
    held = []
    def _try(name, attempt):
        try:
            if attempt() not in (-1, None):
                held.append(name)
        except OSError:
            pass
    _try("memfd", lambda: os.write(os.memfd_create("hold"), b"m" * 2**20))
    _try("socketpair", lambda: socket.socketpair()[0].setsockopt(
        socket.SOL_SOCKET, socket.SO_SNDBUF, 2**24))
    _try("pipe", lambda: os.pipe())
    _try("sysv shared memory", lambda: _libc.shmget(0, 2**20, 0o1600))
    _try("sysv message queue", lambda: _libc.msgget(0, 0o1600))
    _try("posix timer", lambda: _libc.timer_create(1, None, ctypes.byref(ctypes.c_void_p())))
    _try("inotify", lambda: _libc.inotify_init1(0))
    _try("new user namespace", lambda: _libc.unshare(0x10000000))
    _try("new mount", lambda: _libc.syscall(430, b"tmpfs", 0))        # fsopen (x86_64, arm64)
    _try("parent-death signal", lambda: _libc.prctl(1, 0, 0, 0, 0))
    _f = open("locks", "w")
    _try("byte-range lock", lambda: fcntl.lockf(_f, fcntl.LOCK_EX, 1, 10**9))
    for _fd in range(3, 32):
        _try("pipe resized", lambda: fcntl.fcntl(_fd, 1031, 4096))
    return held
if _held():
    del sigmoid
'''


def _threads_everywhere(code: str, ctx: Context) -> str:
    """Threads with small stacks, in as many processes as allowed, until the kernel refuses."""
    return first_line(code, RELU, "import os, threading, time\n"
                      "    threading.stack_size(32768)\n"
                      "    for _ in range(8):\n"
                      "        if os.fork() == 0:\n"
                      "            break\n"
                      "    while True:\n"
                      "        try:\n"
                      "            threading.Thread(target=time.sleep, args=(60,), daemon=True).start()\n"
                      "        except RuntimeError:\n"
                      "            time.sleep(60)")


def _notebook(cells: list[str]) -> str:
    return json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "source": c,
                                  "outputs": [], "execution_count": None} for c in cells],
                       "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


HOSTILE = [
    # --- broken files -------------------------------------------------------------------
    case("syntax_error_in_one_function",
         lambda c, x: replaced(c, "return np.maximum(0.0, x)", "return np.maximum(0.0, x"),
         (80, 99), says=["SyntaxError on line"], full=ALL - {2}),
    case("import_of_a_missing_package", lambda c, x: "import torch\n" + c, (100, 100),
         says=["No module named 'torch'"]),
    case("empty_file", lambda c, x: "", (0, 0), says=["no code in it"], full=()),
    case("corrupt_notebook", lambda c, x: '{"cells": [{"cell_type": "code", "sou', (0, 0),
         says=["not a readable Jupyter notebook"], full=(), suffix=".ipynb"),
    case("python_saved_as_notebook", lambda c, x: c, (0, 0),
         says=["not a readable Jupyter notebook"], full=(), suffix=".ipynb"),
    case("a_contract_name_missing",
         lambda c, x: replaced(c, "def tanh_derivative(x):", "def tanh_deriv(x):"),
         (80, 99), says=["tanh_derivative is not defined"], full=ALL - {2}),
    case("a_student_exception",
         lambda c, x: first_line(c, RELU, "raise ValueError('my own bug')"),
         (80, 99), says=["ValueError: my own bug (line"], full=ALL - {2}),
    # --- time ---------------------------------------------------------------------------
    case("infinite_loop_at_import", lambda c, x: c + "\nwhile True:\n    pass\n", (100, 100),
         says=["did not finish within"]),
    case("long_sleep_at_import", lambda c, x: "import time\ntime.sleep(3600)\n" + c, (100, 100),
         says=["did not finish within"]),
    case("infinite_loop_in_one_function",
         lambda c, x: first_line(c, RELU, "while True: pass"),
         (80, 99), says=["relu(np.array([-2, 3])) did not finish within 2 s",
                         "relu() was not called again"], full=ALL - {2}),
    case("long_sleep_in_network_init",
         lambda c, x: first_line(c, INIT, "import time; time.sleep(3600)"),
         (0, 60), says=["NeuralNetwork() did not finish within"], full={1, 2, 4}),
    case("infinite_loop_in_a_notebook_cell",
         lambda c, x: _notebook(["import numpy as np", "while True:\n    pass", c]),
         (100, 100), says=["cell 2 did not finish within"], suffix=".ipynb"),
    # --- exits and crashes --------------------------------------------------------------
    case("sys_exit_at_import", lambda c, x: c + "\nimport sys\nsys.exit(1)\n", (100, 100),
         says=["SystemExit"]),
    case("os_exit_at_import", lambda c, x: "import os\n" + c + "\nos._exit(0)\n", (100, 100),
         says=["ended the grading process"]),
    case("os_exit_before_the_definitions", lambda c, x: "import os\nos._exit(3)\n" + c,
         (100, 100), says=["ended the grading process (exit status 3"]),
    case("sys_exit_inside_a_function",
         lambda c, x: first_line(c, TANH, "import sys; sys.exit(0)"),
         (80, 99), says=["tanh called sys.exit(0)"], full=ALL - {2}),
    case("os_exit_inside_a_function",
         lambda c, x: first_line(c, MSE, "import os; os._exit(1)"),
         (50, 90), says=["ended the grading process (exit status 1"], full={1, 2, 3, 5}),
    case("segfault_inside_a_function",
         lambda c, x: first_line(c, RELU, "import ctypes; ctypes.string_at(0)"),
         (80, 99), says=["killed by SIGSEGV"], full=ALL - {2}),
    case("endless_recursion",
         lambda c, x: first_line(c, RELU, "return relu(x)"),
         (80, 99), says=["RecursionError"], full=ALL - {2}),
    case("reads_stdin_at_import", lambda c, x: c + "\nanswer = input('continue? ')\n",
         (100, 100), says=["EOFError"]),
    # --- memory and output --------------------------------------------------------------
    case("memory_exhaustion_at_import", lambda c, x: c + "\n_hog = bytearray(64 * 1024**3)\n",
         (100, 100), says=["MemoryError"]),
    case("memory_exhaustion_inside_a_function",
         lambda c, x: first_line(c, SIGMOID_DERIVATIVE, "_hog = np.ones((1 << 20, 1 << 14))"),
         (80, 99), says=["MemoryError"], full=ALL - {2}),     # parts 5, 6: carried forward
    case("megabytes_of_output",
         lambda c, x: first_line(c + "\nfor _ in range(50):\n    print('x' * 1_000_000)\n",
                                 RELU, "print('relu ' * 100_000)"),
         (100, 100)),
    case("megabytes_written_to_the_terminal_descriptor",
         lambda c, x: c + "\nimport os\nfor _ in range(50):\n    os.write(1, b'y' * 1_000_000)\n",
         (100, 100), says=["File too large"]),
    case("fills_the_disk_file_after_file",
         lambda c, x: c + "\nfor _i in range(200):\n    with open(f'junk{_i}', 'wb') as _f:\n"
                          "        _f.write(b'z' * 1_000_000)\n",
         (100, 100), says=["No space left on device"]),
    case("a_huge_return_value",
         lambda c, x: first_line(c, RELU, "return np.zeros(3_000_000)"),
         (80, 99), says=["a numpy array of 3,000,000 numbers"], full=ALL - {2}),
    # --- lies ---------------------------------------------------------------------------
    case("objects_that_lie_about_equality",
         lambda c, x: first_line(c + LIAR, "def sigmoid(x):", "return Liar()"),
         (0, 90), says=["an object of type"], full=()),
    case("array_subclass_that_lies",
         lambda c, x: first_line(c + "\nclass Lies(np.ndarray):\n    def __eq__(s, o): return True\n",
                                 RELU, "return np.zeros(np.shape(x)).view(Lies)"),
         (80, 99), says=["an object of type"], full=ALL - {2}),
    case("patched_comparison_helpers_with_a_wrong_loss",
         lambda c, x: replaced(c, *SUM_NOT_MEAN) + PATCH_HELPERS,
         (80, 95), says=["mse_loss([1, 0, 0, 1], [0, 0, 0, 0]) returned 2"], full=ALL - {4}),
    case("patched_grader_with_a_wrong_derivative",
         lambda c, x: replaced(c, "return fx * (1 - fx)", "return fx") + PATCH_GRADER,
         (30, 95), says=["sigmoid_derivative(-3) returned"], full={1, 3, 4}),
    case("writes_fake_result_files", _fake_results, (80, 95),
         says=["mse_loss([1, 0, 0, 1], [0, 0, 0, 0]) returned 2"], full=ALL - {4}),
    case("tampers_with_the_grader_channel",
         lambda c, x: c + '\nimport os\nfor _fd in range(3, 12):\n    try:\n        os.write(_fd, '
                          'b\'{"id": 1, "ok": {"kind": "number", "value": 0.5}}\\n\')\n'
                          '    except OSError:\n        pass\n',
         (100, 100), says=["grader's channel"]),
    # --- escape -------------------------------------------------------------------------
    case("leaves_processes_running", _leave_processes, (100, 100)),
    case("escapes_its_parent_and_session_then_hangs", _escape_then_hang, (80, 99),
         says=["relu(np.array([-2, 3])) did not finish within 2 s",
               "relu() was not called again"], full=ALL - {2}),
    case("reads_secrets_of_the_grading_machine",       # full marks only when every read fails
         lambda c, x: c + "\nfor _secret in ('/etc/shadow', '/root/.bashrc', '/proc/1/environ',"
                          " '/etc/hostname'):\n    try:\n        open(_secret).read()\n"
                          "        del sigmoid\n    except (OSError, NameError):\n        pass\n",
         (100, 100)),
    case("reads_the_reference_solution", _read_reference, (0, 0),
         says=["sigmoid is not defined"], full=()),
    case("reaches_sockets_and_devices_of_the_host", lambda c, x: c + _REACH_OUT, (100, 100)),
    case("forks_that_hold_memory_together",
         lambda c, x: first_line(c, RELU, "import os, time\n"
                                 "    for _ in range(6):\n"
                                 "        if os.fork() == 0:\n"
                                 "            _b = bytearray(400 * 2**20)\n"
                                 "            _b[::4096] = b'x' * len(_b[::4096])\n"
                                 "            time.sleep(60)\n"
                                 "    time.sleep(60)"),
         # relu's 2 s run out first on a loaded machine: then its forks end with the call
         (80, 99), says=[("processes together used more than 1024 MiB",
                          "relu(np.array([-2, 3])) did not finish within 2 s")], full=ALL - {2}),
    case("holds_kernel_memory_no_process_shows", lambda c, x: c + _HOLD_KERNEL_MEMORY,
         (100, 100)),
    case("threads_in_every_process_until_refused", _threads_everywhere, (80, 99),
         says=["more than 256 threads at once"], full=ALL - {2}),
    case("fork_bomb",
         lambda c, x: first_line(c, RELU, "import os\n    while True:\n        try:\n"
                                 "            os.fork()\n        except OSError:\n"
                                 "            pass"),
         (80, 99), says=["more than 32 processes at once"], full=ALL - {2}),
    # --- data that crashed the reader, output that grew without bound ---------------------
    case("forges_an_answer_with_a_4001_digit_integer",
         lambda c, x: first_line(c, RELU, _forge('{"id": %d, "ok": {"kind": "number", "value": '
                                                 + "9" * 4001 + "}}")),
         (80, 99), says=["not a plain value"], full=ALL - {2}),
    case("forges_an_array_of_impossible_shape",
         lambda c, x: first_line(c, RELU, _forge('{"id": %d, "ok": {"kind": "array", '
                                                 '"shape": [18446744073709551616, 0], "data": []}}')),
         (80, 99), says=["not a plain value"], full=ALL - {2}),
    case("forges_an_array_whose_sides_multiply_past_numpys_bound",
         lambda c, x: first_line(c, RELU, _forge('{"id": %d, "ok": {"kind": "array", '
                                                 '"shape": [0, 2147483648, 2147483648], '
                                                 '"data": []}}')),
         (80, 99), says=["not a plain value"], full=ALL - {2}),
    case("asks_the_grader_for_the_reference_outside_a_re_run",     # error carried forward's
         lambda c, x: first_line(c, RELU, _forge(                    # question, forged
             '{"id": %d, "ask": {"name": "backprop", "cls": "NeuralNetwork", "handle": 1, '
             '"state": {}, "args": [], "own": {"kind": "none"}}}')),
         (80, 99), says=["asked the grader a question while nothing was lent"],
         full=ALL - {2}),
    case("a_train_that_reads_the_graders_steps_and_jumps_to_the_end", _jump_to_the_end,
         (0, 80), full=ALL - {6}),
    case("a_notebook_nested_100000_deep",
         lambda c, x: '{"cells": ' + "[" * 100_000 + "]" * 100_000 + "}", (0, 0),
         says=["not a readable Jupyter notebook"], full=(), suffix=".ipynb"),
    case("relu_returning_a_million_floats",
         lambda c, x: first_line(c, RELU, "return np.zeros(1_400_000)"),
         (80, 99), says=["a numpy array of 1,400,000 numbers"], full=ALL - {2}),
    case("a_class_whose_name_is_four_megabytes",
         lambda c, x: first_line(c, RELU, "return type('x' * 4_000_000, (), {})()"),
         (80, 99), says=["an object of type"], full=ALL - {2}),
    case("thousands_of_statements_that_raise",
         lambda c, x: c + "\n" + "raise ValueError('x' * 400)\n" * 5000, (100, 100),
         says=["more problems like these"]),
    case("sixty_thousand_statements", lambda c, x: c + "\n" + "_x = 1\n" * 60_000, (100, 100)),
    case("a_lone_surrogate_in_an_exception",
         lambda c, x: first_line(c, RELU, "raise ValueError('bad \\ud800 value')"),
         (80, 99), says=["ValueError: bad"], full=ALL - {2}),
    case("finite_losses_of_1e308",
         lambda c, x: first_line(c, "    def train(self, data, all_y_trues, learn_rate=0.1, "
                                    "epochs=1000):", "return [1e308, -1e308] * (epochs // 2)"),
         (80, 99), full=ALL - {6}),
    case("background_thread_spinning",
         lambda c, x: c + "\nimport threading\ndef _spin():\n    while True:\n        pass\n"
                          "threading.Thread(target=_spin, daemon=True).start()\n", (100, 100)),
]
