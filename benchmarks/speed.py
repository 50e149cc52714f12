"""Grading speed side by side: the kit's CLI, its batch (--jobs 1, --jobs 2), and nbgrader
autograde, on the same notebooks, in one run; and the students' pytest latency. (otter is not
run here, so no figure is printed for it.)

    .venv/bin/python benchmarks/speed.py [--assignment nn_intro|mlp] [--copies 3]
                                         [--skip-nbgrader] [--dask]

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
    with tempfile.TemporaryDirectory() as scratch:
        figures = Path(scratch) / "measured.json"
        done = subprocess.run([sys.executable, "-c", MEASURE, str(figures), *map(str, command)],
                              cwd=cwd, env=ENV, capture_output=True, text=True)
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


def nbgrader(books: dict[str, dict], work: Path, name: str) -> float | None:
    course = work / "course"
    shutil.copytree(REPO / "solutions", course / "solutions")
    shutil.copy(REPO / "nbgrader_config.py", course)
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
    return row("nbgrader autograde", len(books), [wall / len(books)], wall, peak)


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
        nb = None if args.skip_nbgrader else nbgrader(books, work, args.assignment)
        pytest_walls = students_pytest(work, args.assignment)
    print(f"\n{'tool':<34} {'n':>3} {'median s/sub':>12} {'p10-p90':>11} {'per s':>7} "
          f"{'peak MB/worker':>14}")
    for tool, n, median, spread_, throughput, peak in ROWS:
        print(f"{tool:<34} {n:>3} {median:>12.2f} {spread_:>11} {throughput:>7.2f} {peak:>14}")
    print(f"{'otter run':<34} not run by this benchmark: no figure for it")
    print("\nTargets:")
    print(f"  complete submission, CLI, isolated: median {kit_figures['cli_reference_median']:.2f} s"
          f" of {FINISHED_RUNS} runs of the finished notebook (target <= 1.0)")
    if nb:
        print(f"  batch --jobs 2 vs nbgrader autograde: {kit_figures['jobs2'] / nb:.1f}x "
              "(target >= 5)")
    print(f"  --jobs 2 vs --jobs 1: {kit_figures['jobs2'] / kit_figures['jobs1']:.2f}x "
          "(target >= 1.7)")
    print(f"  students' pytest: release {pytest_walls['release']:.2f} s, finished "
          f"{pytest_walls['finished']:.2f} s (target <= 1.0)")


if __name__ == "__main__":
    main()
