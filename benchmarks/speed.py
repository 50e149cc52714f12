"""Grading speed side by side: the kit's CLI, its batch (--jobs 1, --jobs 2), nbgrader
autograde (in a kernel, as nbgrader ships, and through this course's sandboxed step), and
otter-grader's `otter run`, on the same notebooks, in one run; what error carried forward
costs (the same notebooks graded with and without it); and the students' pytest latency.

    .venv/bin/python benchmarks/speed.py [--assignment nn_intro|mlp] [--copies 3]
                                         [--skip-nbgrader] [--skip-otter] [--otter-env DIR]
                                         [--dask]

otter runs from its own virtual environment, never the kit's: `--otter-env DIR` names one
holding `bin/otter` (otter-grader with ipykernel and numpy); without it, the benchmark makes
`build/bench-otter/` with pip the first time (a few minutes). The otter assignment is built
here from the same lecture numbers as the kit's public checks (one OK-format test per part,
the part's points), with `otter generate`; `otter run` grades each notebook in a kernel of
that environment. Docker is not used (`otter grade` needs a running Docker engine); when otter
cannot run, the reason is printed and no figure.

The notebooks, of the assignment named (nn_intro by default): the reference (a finished
submission), the untouched release, three with typical mistakes, three hostile ones (an endless
loop in relu, os._exit in relu, 4 GB allocated in relu), each `--copies` times. Every tool gets the same call limit (2 s; nbgrader's kernels get
it through AUTOGRADER_CALL_SECONDS). Printed per tool: median and spread (10th-90th percentile)
of wall seconds per submission, throughput, peak memory of one worker process (resident, the
largest of the tool's processes, as the kernel counts it), and the ratios the targets name; the
complete-submission figure is the median of 9 more CLI runs of the finished notebook. Figures
only: nothing here is asserted (the test suite asserts behaviour, not speed).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CALL_SECONDS = "2"
ENV = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}",
           AUTOGRADER_CALL_SECONDS=CALL_SECONDS)


def edited(notebook: dict, old: str, new: str) -> dict:
    notebook = json.loads(json.dumps(notebook))
    [cell] = [c for c in notebook["cells"] if old in "".join(c["source"])]
    cell["source"] = "".join(cell["source"]).replace(old, new)
    return notebook


# Each assignment's three typical mistakes, and where its relu starts (for the hostile ones).
MISTAKES = {
    "nn_intro": {
        "sum_not_mean": ("((y_true - y_pred) ** 2).mean()", "((y_true - y_pred) ** 2).sum()"),
        "sign_of_dl_dy": ("d_L_d_ypred = -2 *", "d_L_d_ypred = 2 *"),
        "sigma_prime_output": ("fx = sigmoid(x)\n    return fx * (1 - fx)", "return x * (1 - x)"),
    },
    "mlp": {
        "gradient_of_the_sum": ("d_L_d_A = -2 * (Y - A[-1]) / Y.size", "d_L_d_A = -2 * (Y - A[-1])"),
        "softmax_whole_array": ("    return exps / exps.sum(axis=-1, keepdims=True)",
                                "    return exps / exps.sum()"),
        "db_averaged": ("db[l] = d_L_d_Z.sum(axis=0)", "db[l] = d_L_d_Z.mean(axis=0)"),
    },
}
RELU = {"nn_intro": "def relu(x):\n", "mlp": "def relu(z):\n"}

# The otter assignment of each notebook: per part, doctest cases from the lecture's worked
# numbers (what the kit's public checks ask), worth the part's points.
OTTER_TESTS = {
    "nn_intro": {
        "part1": (10, [">>> round(float(sigmoid(0)), 4)\n0.5",
                       ">>> round(float(Neuron(np.array([0, 1]), 4).feedforward(np.array([2, 3]))), 3)\n0.999"]),
        "part2": (20, [">>> round(float(sigmoid_derivative(-3)), 4)\n0.0452",
                       ">>> round(float(tanh(0.5)), 4), round(float(tanh_derivative(0.5)), 4)\n(0.4621, 0.7864)",
                       ">>> [float(v) for v in relu(np.array([-2.0, 3.0]))]\n[0.0, 3.0]",
                       ">>> [float(v) for v in relu_derivative(np.array([-2.0, 3.0]))]\n[0.0, 1.0]"]),
        "part3": (15, [">>> net = NeuralNetwork()\n>>> for name, value in dict(w1=0, w2=1, w3=0, w4=1, w5=0, w6=1, b1=0, b2=0, b3=0).items(): setattr(net, name, float(value))\n>>> round(float(net.feedforward([2, 3])), 4)\n0.7216"]),
        "part4": (10, [">>> round(float(mse_loss(np.array([1, 0, 0, 1]), np.array([0, 0, 0, 0]))), 4)\n0.5"]),
        "part5": (25, [">>> net = NeuralNetwork()\n>>> for name in ('w1', 'w2', 'w3', 'w4', 'w5', 'w6'): setattr(net, name, 1.0)\n>>> for name in ('b1', 'b2', 'b3'): setattr(net, name, 0.0)\n>>> round(float(net.backprop(np.array([-2.0, -1.0]), 1)['w1']), 3)\n0.021"]),
        "part6": (20, [">>> net = NeuralNetwork()\n>>> losses = net.train(np.array([[-2.0, -1.0], [25.0, 6.0], [17.0, 4.0], [-15.0, -6.0]]), np.array([1, 0, 0, 1]), epochs=50)\n>>> len(losses), bool(losses[-1] < losses[0])\n(50, True)"]),
    },
    "mlp": {
        "part1": (20, [">>> round(float(sigmoid(0)), 4)\n0.5",
                       ">>> [round(float(v), 4) for v in softmax(np.array([[1.0, 2.0, 3.0]]))[0]]\n[0.09, 0.2447, 0.6652]"]),
        "part2": (20, [">>> net = MLP([2, 2, 1], ['sigmoid', 'sigmoid'])\n>>> net.weights = [np.array([[0.0, 0.0], [1.0, 1.0]]), np.array([[0.0], [1.0]])]\n>>> net.biases = [np.zeros(2), np.zeros(1)]\n>>> round(float(net.forward(np.array([[2.0, 3.0]]))[0, 0]), 4)\n0.7216"]),
        "part3": (10, [">>> round(float(mse_loss(np.array([[1.0], [0.0], [0.0], [1.0]]), np.zeros((4, 1)))), 4)\n0.5"]),
        "part4": (30, [">>> net = MLP([2, 2, 1], ['sigmoid', 'sigmoid'])\n>>> net.weights = [np.ones((2, 2)), np.ones((2, 1))]\n>>> net.biases = [np.zeros(2), np.zeros(1)]\n>>> dW, db = net.backprop(np.array([[-2.0, -1.0]]), np.array([[1.0]]))\n>>> round(float(dW[0][0, 0]), 3)\n0.021"]),
        "part5": (20, [">>> net = MLP([2, 2, 1], ['sigmoid', 'sigmoid'])\n>>> losses = net.train(np.array([[-2.0, -1.0], [25.0, 6.0], [17.0, 4.0], [-15.0, -6.0]]), np.array([[1.0], [0.0], [0.0], [1.0]]), epochs=50)\n>>> len(losses), bool(losses[-1] < losses[0])\n(50, True)"]),
    },
}


def paths(name: str) -> tuple[Path, Path]:
    return (REPO / "solutions" / name / f"{name}.ipynb",
            REPO / "assignments" / name / f"{name}.ipynb")


def notebooks(name: str, copies: int) -> dict[str, dict]:
    source_path, release_path = paths(name)
    source, release = json.loads(source_path.read_text()), json.loads(release_path.read_text())
    relu = RELU[name]
    base = {"reference": source, "untouched": release,
            **{mistake: edited(source, *edit) for mistake, edit in MISTAKES[name].items()},
            "hostile_loop": edited(source, relu, relu + "    while True: pass\n"),
            "hostile_exit": edited(source, relu, relu + "    import os; os._exit(3)\n"),
            "hostile_memory": edited(source, relu, relu + "    x = bytearray(4 << 30)\n")}
    return {f"{mistake}_{i}": nb for mistake, nb in base.items() for i in range(1, copies + 1)}


# Runs one command and measures it from a small parent of its own: the wall clock around the
# command alone, and the kernel's peak resident size of the largest process of its tree
# (ru_maxrss of the reaped descendants). Nothing samples /proc while it runs, so the
# measurement takes no CPU from the graders on this 2-core machine, and no peak is missed.
MEASURE = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
code = subprocess.call(sys.argv[2:])
wall = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
with open(sys.argv[1], "w") as out:
    json.dump([wall, peak], out)
sys.exit(code)
"""


def timed(command: list, cwd=None) -> tuple[float, int, subprocess.CompletedProcess]:
    """(wall seconds, peak MB of one process of its tree, the finished process)."""
    return timed_env(command, ENV, cwd)


def timed_env(command: list, env: dict, cwd=None) -> tuple[float, int,
                                                          subprocess.CompletedProcess]:
    with tempfile.TemporaryDirectory() as scratch:
        figures = Path(scratch) / "measured.json"
        done = subprocess.run([sys.executable, "-c", MEASURE, str(figures), *map(str, command)],
                              cwd=cwd, env=env, capture_output=True, text=True)
        wall, peak = json.loads(figures.read_text())
    return wall, peak, subprocess.CompletedProcess(command, done.returncode, done.stdout,
                                                   done.stderr)


def spread(values: list[float]) -> str:
    if len(values) < 2:
        return "-"
    deciles = statistics.quantiles(values, n=10)
    return f"{deciles[0]:.2f}-{deciles[-1]:.2f}"


ROWS: list[tuple] = []


def row(tool: str, n: int, per: list[float], wall: float, peak: int | str) -> float:
    throughput = n / wall
    ROWS.append((tool, n, statistics.median(per), spread(per), throughput, peak))
    print(f"  {tool}: {n} in {wall:.1f} s, {throughput:.2f}/s", flush=True)
    return throughput


FINISHED_RUNS = 9      # the complete-submission figure: the median of this many CLI runs


def kit(folder: Path, out: Path, dask: bool, name: str) -> dict[str, float]:
    autograder = str(BIN / "autograder")
    limit = ["--call-time-limit", CALL_SECONDS, "--assignment", name]
    files = sorted(folder.iterdir())
    per, peaks = [], []
    started = time.perf_counter()
    for path in files:
        wall, peak, _ = timed([autograder, "grade", path, "--results", out / "cli" / path.stem /
                               "results.json", "--quiet", *limit])
        per.append(wall)
        peaks.append(peak)
    throughputs = {"cli": row("autograder grade (one by one)", len(files), per,
                              time.perf_counter() - started, max(peaks))}
    finished = next(path for path in files if path.stem.startswith("reference"))
    reference = [timed([autograder, "grade", finished, "--results", out / "finished.json",
                        "--quiet", *limit])[0] for _ in range(FINISHED_RUNS)]
    throughputs["cli_reference_median"] = statistics.median(reference)
    for jobs in (1, 2):
        wall, peak, done = timed([autograder, "grade-all", folder, "--out", out / f"jobs{jobs}",
                                  "--jobs", str(jobs), "--no-resume", "--no-progress", *limit])
        throughputs[f"jobs{jobs}"] = row(f"grade-all --jobs {jobs}", len(files),
                                         [wall / len(files)], wall, peak)
    if dask:
        wall, peak, done = timed([autograder, "grade-all", folder, "--out", out / "dask",
                                  "--jobs", "2", "--dask", "local", "--no-resume",
                                  "--no-progress", *limit])
        throughputs["dask"] = row("grade-all --dask local --jobs 2", len(files),
                                  [wall / len(files)], wall, peak)
    return throughputs


def nbgrader(books: dict[str, dict], work: Path, name: str, kernel: bool) -> float | None:
    """`nbgrader autograde` of every notebook: in a kernel as nbgrader ships (`kernel`), or
    through this course's configuration, which grades in the kit's sandbox."""
    course = work / ("course-kernel" if kernel else "course")
    shutil.copytree(REPO / "solutions", course / "solutions")
    config = (REPO / "nbgrader_config.py").read_text()
    (course / "nbgrader_config.py").write_text(config + (KERNEL_CONFIG if kernel else ""))
    nb = str(BIN / "nbgrader")
    done = subprocess.run([nb, "generate_assignment", name, "--force"], cwd=course,
                          env=ENV, capture_output=True, text=True)
    if done.returncode:
        print("  nbgrader generate_assignment failed:", done.stderr[-500:])
        return None
    for student, book in books.items():
        folder = course / "submitted" / student / name
        folder.mkdir(parents=True)
        (folder / f"{name}.ipynb").write_text(json.dumps(book))
    wall, peak, done = timed([nb, "autograde", name, "--create"], cwd=course)
    if done.returncode:
        print("  nbgrader autograde failed:", done.stderr[-800:])
    tool = "nbgrader autograde, in a kernel" if kernel else "nbgrader autograde, sandboxed"
    return row(tool, len(books), [wall / len(books)], wall, peak)


KERNEL_CONFIG = """
# nbgrader as it ships: the notebook runs in a kernel (the default autograde steps)
from nbgrader.converters import Autograde
c.Autograde.autograde_preprocessors = Autograde.class_traits()["autograde_preprocessors"].default()
"""


def otter_env(given: Path | None) -> tuple[Path | None, str]:
    """(the otter environment's bin folder, or None and why)."""
    if given is not None:
        found = Path(given) / "bin" / "otter"
        return (found.parent, "") if found.exists() else (None, f"no bin/otter in {given}")
    env = REPO / "build" / "bench-otter"
    if not (env / "bin" / "otter").exists():
        print("  making build/bench-otter/ (otter-grader, ipykernel, numpy) ...", flush=True)
        made = subprocess.run([sys.executable, "-m", "venv", str(env)], capture_output=True,
                              text=True)
        if made.returncode == 0:
            made = subprocess.run([str(env / "bin" / "pip"), "install", "-q", "otter-grader",
                                   "ipykernel", "numpy"], capture_output=True, text=True)
        if made.returncode:
            return None, "installing otter-grader failed: " + made.stderr.strip()[-300:]
    return env / "bin", ""


OTTER_SECONDS = 60      # per notebook, as the kit's whole-submission budget


def otter_notebook(book: dict) -> dict:
    """The same notebook as otter's students would hand it in: without the kit's test cells
    (otter's own tests live in its autograder.zip)."""
    book = json.loads(json.dumps(book))
    book["cells"] = [c for c in book["cells"] if "grade_part" not in "".join(c["source"])]
    return book


def otter(books: dict[str, dict], work: Path, name: str, given: Path | None) -> float | None:
    bin_, why = otter_env(given)
    if bin_ is None:
        print(f"  otter not run: {why}")
        return None
    env = dict(ENV, PATH=f"{bin_}{os.pathsep}{os.environ['PATH']}")
    env.pop("VIRTUAL_ENV", None)
    # The environment's own python3 kernelspec (ipykernel's, which runs `python` from PATH):
    # nothing is installed for the user, so no other Jupyter sees this environment's kernel.
    tests = work / "otter" / "tests"
    tests.mkdir(parents=True)
    for part, (points, cases) in OTTER_TESTS[name].items():
        test = {"name": part, "points": points, "suites": [{
            "cases": [{"code": ">>> import numpy as np\n" + code, "hidden": False,
                       "locked": False} for code in cases],
            "scored": True, "setup": "", "teardown": "", "type": "doctest"}]}
        (tests / f"{part}.py").write_text(f"OK_FORMAT = True\n\ntest = {test!r}\n")
    (work / "otter" / "requirements.txt").write_text("numpy\n")
    zipped = work / "otter" / "autograder.zip"
    made = subprocess.run([str(bin_ / "otter"), "generate", "-t", str(tests), "-o", str(zipped),
                           "-r", str(work / "otter" / "requirements.txt"), "--no-environment",
                           "--no-config"], cwd=work / "otter", env=env, capture_output=True,
                          text=True)
    if made.returncode or not zipped.exists():
        print("  otter generate failed:", (made.stderr or made.stdout).strip()[-500:])
        return None
    per, peaks, started, scores = [], [], time.perf_counter(), {}
    for student, book in books.items():
        path = work / "otter" / "submissions" / student / f"{name}.ipynb"
        path.parent.mkdir(parents=True)
        path.write_text(json.dumps(otter_notebook(book)))
        # `otter run` has no time limit of its own (`otter grade` has, in Docker): coreutils'
        # timeout ends its process group, kernel included, after the kit's 60 s budget.
        wall, peak, done = timed_env(["timeout", "-k", "5", str(OTTER_SECONDS), str(bin_ / "otter"),
                                      "run", "-a", str(zipped), "-o", str(path.parent),
                                      str(path)], env)
        per.append(wall)
        peaks.append(peak)
        try:
            tests = json.loads((path.parent / "results.json").read_text())["tests"]
            scores[student] = sum(t.get("score") or 0 for t in tests)
        except (OSError, ValueError, KeyError, TypeError):
            scores[student] = f"no results (exit {done.returncode})"
    throughput = row("otter run (one by one)", len(books), per, time.perf_counter() - started,
                     max(peaks))
    firsts = {s.rsplit("_", 1)[0]: v for s, v in scores.items() if s.endswith("_1")}
    print("  otter's scores, first copy of each:", firsts)
    docker = shutil.which("docker") and subprocess.run(["docker", "info"], capture_output=True,
                                                       text=True, timeout=60).returncode == 0
    print("  otter grade (Docker): not run:", "this benchmark runs otter run only" if docker
          else "no Docker engine answers `docker info` here")
    return throughput


CARRY_RUNS = 3      # runs of each notebook with and without error carried forward


def carrying(folder: Path, out: Path, name: str) -> list[tuple[str, float, float]]:
    """What error carried forward costs: `autograder grade` of the finished notebook and of
    each typical mistake, with the rule and with `--no-carry-forward`, alternated, the median
    of CARRY_RUNS runs each: (notebook, seconds with, seconds without)."""
    autograder = str(BIN / "autograder")
    limit = ["--call-time-limit", CALL_SECONDS, "--assignment", name, "--quiet", "--no-report"]
    figures = []
    for stem in ["reference", *MISTAKES[name]]:
        path = folder / f"{stem}_1.ipynb"
        walls: dict[bool, list[float]] = {True: [], False: []}
        for _ in range(CARRY_RUNS):
            for carry in (True, False):
                walls[carry].append(timed([autograder, "grade", path, "--results",
                                           out / "carry" / "results.json", *limit,
                                           *([] if carry else ["--no-carry-forward"])])[0])
        figures.append((stem, statistics.median(walls[True]), statistics.median(walls[False])))
        print(f"  carried forward, {stem}: {figures[-1][1]:.2f} s with, {figures[-1][2]:.2f} s "
              "without", flush=True)
    return figures


def floor(repeat: int = 5) -> float:
    """Python starting and importing numpy, the least any grading process costs: the median
    of `repeat` runs."""
    return statistics.median(timed([sys.executable, "-c", "import numpy"])[0]
                             for _ in range(repeat))


def students_pytest(work: Path, assignment: str, repeat: int = 3) -> dict[str, float]:
    out = {}
    source, release = paths(assignment)
    for name, notebook in (("release", release), ("finished", source)):
        folder = work / f"student_{name}"
        folder.mkdir()
        shutil.copy(release.parent / "pytest.ini", folder)
        shutil.copy(notebook, folder / f"{assignment}.ipynb")
        walls = [timed([sys.executable, "-m", "pytest", "-q"], cwd=folder)[0]
                 for _ in range(repeat)]
        out[name] = statistics.median(walls)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--assignment", default="nn_intro", choices=sorted(MISTAKES))
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--skip-nbgrader", action="store_true")
    parser.add_argument("--skip-otter", action="store_true")
    parser.add_argument("--otter-env", type=Path, default=None,
                        help="a virtual environment with otter-grader, ipykernel and numpy "
                             "(default: build/bench-otter/, made when missing)")
    parser.add_argument("--dask", action="store_true", help="also grade-all --dask local")
    args = parser.parse_args()
    books = notebooks(args.assignment, args.copies)
    with tempfile.TemporaryDirectory(prefix="autograder-bench-") as tmp:
        work = Path(tmp)
        folder = work / "submissions"
        folder.mkdir()
        for student, book in books.items():
            (folder / f"{student}.ipynb").write_text(json.dumps(book))
        print(f"{args.assignment}: {len(books)} notebooks ({args.copies} copies of 8), call "
              f"limit {CALL_SECONDS} s, {os.cpu_count()} cores", flush=True)
        kit_figures = kit(folder, work / "out", args.dask, args.assignment)
        nb = None if args.skip_nbgrader else nbgrader(books, work, args.assignment, kernel=True)
        if not args.skip_nbgrader:
            nbgrader(books, work, args.assignment, kernel=False)
        ot = None if args.skip_otter else otter(books, work, args.assignment, args.otter_env)
        carry_figures = carrying(folder, work / "out", args.assignment)
        pytest_walls = students_pytest(work, args.assignment)
        least = floor()
    print(f"\n{'tool':<34} {'n':>3} {'median s/sub':>12} {'p10-p90':>11} {'per s':>7} "
          f"{'peak MB/worker':>14}")
    for tool, n, median, spread_, throughput, peak in ROWS:
        print(f"{tool:<34} {n:>3} {median:>12.2f} {spread_:>11} {throughput:>7.2f} {peak:>14}")
    if not any(tool.startswith("otter") for tool, *_ in ROWS):
        print(f"{'otter run':<34} not run (see above): no figure for it")
    print(f"\n{'error carried forward':<34} {'with s':>8} {'without s':>10} {'ratio':>6}   "
          f"(median of {CARRY_RUNS} runs of `autograder grade` each)")
    for stem, with_, without in carry_figures:
        print(f"{stem:<34} {with_:>8.2f} {without:>10.2f} {with_ / without:>6.2f}")
    print("\nTargets:")
    print(f"  the floor, Python + numpy: median {least:.2f} s of 5 runs")
    print(f"  complete submission, CLI, isolated: median {kit_figures['cli_reference_median']:.2f} s"
          f" of {FINISHED_RUNS} runs of the finished notebook (target <= 0.6)")
    if nb:
        print(f"  one by one vs nbgrader autograde in a kernel: "
              f"{kit_figures['cli'] / nb:.1f}x (target >= 4)")
        print(f"  batch --jobs 2 vs nbgrader autograde in a kernel: "
              f"{kit_figures['jobs2'] / nb:.1f}x (target >= 5)")
    if ot:
        print(f"  batch --jobs 2 vs otter run: {kit_figures['jobs2'] / ot:.1f}x (no target)")
    print(f"  --jobs 2 vs --jobs 1: {kit_figures['jobs2'] / kit_figures['jobs1']:.2f}x "
          "(target >= 1.7)")
    worst = max(with_ / without for stem, with_, without in carry_figures if stem != "reference")
    [(_, ref_with, ref_without)] = [f for f in carry_figures if f[0] == "reference"]
    print(f"  error carried forward: finished notebook {ref_with / ref_without:.2f}x (target: "
          f"nothing), worst mistake {worst:.2f}x (target <= 1.33)")
    print(f"  students' pytest: release {pytest_walls['release']:.2f} s, finished "
          f"{pytest_walls['finished']:.2f} s (target <= 0.6)")


if __name__ == "__main__":
    main()
