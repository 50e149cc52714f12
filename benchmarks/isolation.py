"""What the sandbox costs, and a batch of mixed submissions, measured in one run.

    .venv/bin/python benchmarks/isolation.py [--calls 2000] [--repeat 3] [--batch 200] [--jobs 2]

0. Times one call's round trip to a sandboxed worker (an identity function, `--calls` times),
   back to back and after 0.5 ms of the grader's own work, with the channel's short waits
   spinning `Limits.spin_seconds` (a lone grader), spinning 0.2 ms, and sleeping at once
   (graders that share the cores), side by side: the median microseconds per call.
1. Grades the reference and each bundled example in this process (`--no-isolation`'s path) and
   in the sandboxed worker, `--repeat` times each, and prints the median wall seconds of both
   and the difference: the per-submission overhead of isolation.
2. Grades a folder of `--batch` mixed submissions (the examples, and broken or hostile ones:
   empty, corrupt, endless loops, `os._exit`, a function that hangs) with `grade-all --jobs`,
   and prints the rows of the gradebook, the statuses, the wall time and the throughput.

Figures only: nothing here is asserted (the test suite asserts behaviour, not speed).
"""

from __future__ import annotations

import argparse
import collections
import csv
import itertools
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from autograder.grading.assignment import named  # noqa: E402
from autograder.grading.pipeline import Pipeline  # noqa: E402
from autograder.grading.score import total  # noqa: E402
from autograder.grading.settings import Settings  # noqa: E402
from autograder.instructor.batch import grade_all  # noqa: E402
from autograder.sandbox.walls import Limits  # noqa: E402
from autograder.submission.load import read_cells  # noqa: E402

EXAMPLES = REPO / "examples" / "nn_intro"
SOURCE = REPO / "solutions" / "nn_intro" / "nn_intro.ipynb"


def seconds(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


SETTINGS = Settings(limits=Limits(call_seconds=2, total_seconds=60))
NN_INTRO = named("nn_intro")
IN_PROCESS = Pipeline(replace(SETTINGS, isolate=False), NN_INTRO)
ISOLATED = Pipeline(SETTINGS, NN_INTRO)


def round_trip(calls: int) -> None:
    """Microseconds per call to a sandboxed identity function, back to back and after 0.5 ms
    of the grader's own work (a check's, between two calls), for the channel's short waits
    spinning `Limits.spin_seconds` (a lone grader), spinning 0.2 ms, and sleeping at once."""
    from autograder.sandbox.isolated import IsolatedSubmission
    from autograder.submission.load import Cell

    def work(seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            pass

    spins = {f"spinning {Limits().spin_seconds * 1e3:g} ms": Limits().spin_seconds,
             "spinning 0.2 ms": 0.0002, "sleeping": 0.0}
    subs = {label: IsolatedSubmission([Cell(1, "def same(x):\n    return x\n", "cell 1")],
                                      Limits(call_seconds=10, total_seconds=600,
                                             spin_seconds=spin))
            for label, spin in spins.items()}
    rounds: dict = {(label, gap): [] for label in spins for gap in (0.0, 0.0005)}
    try:
        assert all(sub.load() == [] for sub in subs.values())
        for _ in range(5):                  # the three interleaved, round by round
            for (label, gap), figures in rounds.items():
                started = time.perf_counter()
                for _ in range(calls // 5):
                    subs[label].call("same", 0.5)
                    work(gap)
                figures.append((time.perf_counter() - started) / (calls // 5) * 1e6 - gap * 1e6)
    finally:
        for sub in subs.values():
            sub.close()
    print(f"one call's round trip (us), median of 5 rounds of {calls // 5}:")
    for label in spins:
        print(f"  {label:<16} back to back {statistics.median(rounds[label, 0.0]):4.0f}   "
              f"after 0.5 ms of the grader's work {statistics.median(rounds[label, 0.0005]):4.0f}")
    print()


def overhead(repeat: int) -> None:
    print(f"{'submission':<32} {'in-process':>11} {'isolated':>9} {'overhead':>9}  score")
    extra = []
    for path in [SOURCE, *sorted(EXAMPLES.iterdir())]:
        local = [seconds(lambda: IN_PROCESS.grade(path)) for _ in range(repeat)]
        isolated = [seconds(lambda: ISOLATED.grade(path)) for _ in range(repeat)]
        a, b = total(IN_PROCESS.grade(path).results)[0], total(ISOLATED.grade(path).results)[0]
        extra.append(statistics.median(isolated) - statistics.median(local))
        print(f"{path.name:<32} {statistics.median(local):>10.3f}s {statistics.median(isolated):>8.3f}s "
              f"{extra[-1]:>+8.3f}s  {a:g} / {b:g}{'' if a == b else '  (DIFFERENT)'}")
    print(f"median overhead of isolation per submission: {statistics.median(extra):+.3f} s\n")


def mixed_folder(folder: Path, count: int) -> None:
    code = "\n\n".join(c.source for c in read_cells(SOURCE, solution_cells_only=True))
    hostile = {
        "empty.py": "",
        "corrupt.ipynb": '{"cells": [',
        "loops_at_import.py": code + "\nwhile True:\n    pass\n",
        "exits.py": "import os\nos._exit(0)\n",
        "hangs_in_relu.py": code.replace("def relu(x):\n", "def relu(x):\n    while True: pass\n"),
        "prints_megabytes.py": code + "\nfor _ in range(20):\n    print('x' * 1_000_000)\n",
    }
    sources = [(p.name, p.read_bytes()) for p in sorted(EXAMPLES.iterdir())]
    sources += [(name, text.encode()) for name, text in hostile.items()]
    for i, (name, data) in zip(range(count), itertools.cycle(sources)):
        (folder / f"s{i:03d}_{name}").write_bytes(data)


def batch(count: int, jobs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "in", Path(tmp) / "out"
        folder.mkdir()
        mixed_folder(folder, count)
        started = time.perf_counter()
        rows = grade_all(folder, out, SETTINGS, NN_INTRO, jobs=jobs, log=lambda *_: None, progress=False)
        wall = time.perf_counter() - started
        with open(out / "gradebook.csv", newline="") as f:
            book = list(csv.DictReader(f))
        statuses = collections.Counter(r["status"] for r in book)
        print(f"batch of {count} mixed submissions, --jobs {jobs}: {len(book)} gradebook rows "
              f"({len(rows)} returned), {wall:.1f} s wall, {count / wall:.2f} submissions/s")
        print("statuses: " + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())))
        shutil.rmtree(out, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=2000, help="0 to skip the round trip")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--batch", type=int, default=200, help="0 to skip the batch")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    if args.calls:
        round_trip(args.calls)
    overhead(args.repeat)
    if args.batch:
        batch(args.batch, args.jobs)


if __name__ == "__main__":
    main()
