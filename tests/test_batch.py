"""Batch grading: one row per submission whatever happens to it, in parallel, and resumable."""

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time

from conftest import EXAMPLES, REPO, run_cli
from test_hostile import processes, wait_until_gone

LIMITS = ("--call-time-limit", "2", "--time-limit", "30")


def _parent(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return int(f.read().rsplit(")", 1)[1].split()[1])
    except OSError:
        return -1


def gradebook(out) -> list[dict]:
    with open(out / "gradebook.csv", newline="") as f:
        return list(csv.DictReader(f))


def mixed_folder(root, reference_code: str):
    """Good, wrong, broken and hostile submissions in every layout grade-all accepts."""
    root.mkdir()
    shutil.copy(EXAMPLES / "alice_correct_vectorised.py", root / "alice.py")
    shutil.copy(EXAMPLES / "diana_gradient_sign.ipynb", root / "diana.ipynb")
    (root / "empty.py").write_text("")
    (root / "corrupt.ipynb").write_text('{"cells": [')
    (root / "loops.py").write_text(reference_code + "\nwhile True:\n    pass\n")
    (root / "exits.py").write_text("import os\nos._exit(0)\n")
    (root / "hangs_in_relu.py").write_text(
        reference_code.replace("def relu(x):\n", "def relu(x):\n    while True: pass\n"))
    nbgrader = root / "frank" / "nn_intro"
    nbgrader.mkdir(parents=True)
    shutil.copy(EXAMPLES / "charlie_sum_not_mean.py", nbgrader / "nn_intro.py")
    (root / "nobody").mkdir()
    return {"alice": 100, "diana": 75, "empty": 0, "corrupt": 0, "loops": 100, "exits": 0,
            "hangs_in_relu": None, "frank": 90, "nobody": 0}


def test_a_mixed_folder_gets_exactly_one_row_per_submission(tmp_path, reference_code):
    expected = mixed_folder(tmp_path / "in", reference_code)
    done = run_cli("grade-all", tmp_path / "in", "--out", tmp_path / "out", "--jobs", "2", *LIMITS)
    assert done.returncode == 0, done.stderr
    rows = gradebook(tmp_path / "out")
    assert sorted(r["student"] for r in rows) == sorted(expected)
    by_student = {r["student"]: r for r in rows}
    for student, total in expected.items():
        row = by_student[student]
        if total is not None:
            assert float(row["total"]) == total, row
        if student == "nobody":
            assert row["status"] == "missing" and "no nn_intro.ipynb" in row["reason"]
            continue
        results = json.loads((tmp_path / "out" / student / "results.json").read_text())
        assert float(row["total"]) == results["score"]
        assert sum(float(row[f"part{p}"]) for p in range(1, 7)) == results["score"]
    assert by_student["empty"]["status"] == by_student["corrupt"]["status"] == "unreadable"
    assert "did not finish within 2 s" in by_student["loops"]["reason"]
    assert "did not finish within 2 s" in by_student["hangs_in_relu"]["reason"]
    assert 75 <= float(by_student["hangs_in_relu"]["total"]) < 100
    assert not list((tmp_path / "out").rglob("*.tmp"))


def test_an_interrupted_batch_resumes_without_regrading_or_losing_anything(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    for i in range(8):
        for example in sorted(EXAMPLES.glob("*.py"))[:2]:
            shutil.copy(example, folder / f"s{i}_{example.name}")
    command = [sys.executable, "-m", "autograder", "grade-all", str(folder), "--out", str(out),
               "--jobs", "1", *LIMITS]
    batch = subprocess.Popen(command, cwd=REPO, start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    workers: set[int] = set()
    while time.monotonic() < deadline and not workers:    # stop it in the middle of a grading
        time.sleep(0.02)
        if len(list(out.glob("*/grading.json"))) >= 3:
            workers = {pid for pid, cmd in processes().items() if "autograder.sandbox.worker" in cmd
                       and _parent(pid) == batch.pid}
    assert workers
    os.killpg(batch.pid, signal.SIGKILL)           # as hard as an interruption gets
    batch.wait()
    assert wait_until_gone(lambda pid, cmd: pid in workers and "autograder.sandbox.worker" in cmd) == []
    first = {p.parent.name: p.stat().st_mtime_ns for p in out.glob("*/grading.json")}
    assert 3 <= len(first) < 16
    pending = [r for r in gradebook(out) if r["status"] == "pending"]
    assert len(gradebook(out)) == 16 and pending        # the gradebook already had every row

    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert f"({len(first)} already graded, {16 - len(first)} graded now)" in done.stdout
    assert {p: (out / p / "grading.json").stat().st_mtime_ns for p in first} == first
    rows = gradebook(out)
    assert len(rows) == 16 and {r["status"] for r in rows} == {"graded"}
    for row in rows:
        results = json.loads((out / row["student"] / "results.json").read_text())
        assert float(row["total"]) == results["score"]


def test_a_changed_submission_is_graded_again(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    shutil.copy(EXAMPLES / "charlie_sum_not_mean.py", folder / "charlie.py")
    assert run_cli("grade-all", folder, "--out", out).returncode == 0
    assert gradebook(out)[0]["total"] == "90"
    shutil.copy(EXAMPLES / "alice_correct_vectorised.py", folder / "charlie.py")
    done = run_cli("grade-all", folder, "--out", out)
    assert "(0 already graded, 1 graded now)" in done.stdout
    assert gradebook(out)[0]["total"] == "100"


def test_graders_that_share_the_cores_wait_without_spinning(monkeypatch):
    """A spinning wait saves a wake-up only where a core is idle: one grader and its worker on
    two cores spin; two of each, or a cluster's, or one of each on a single core, sleep at
    once."""
    from autograder.grading.settings import Settings
    from autograder.instructor.batch import sharing_cores
    from autograder.sandbox import walls

    monkeypatch.setattr(walls, "usable_cores", lambda: 2)
    alone = Settings()
    assert alone.limits.spin_seconds == walls.SPIN_SECONDS > 0
    assert sharing_cores(alone, 1, dask=False) == alone
    assert sharing_cores(alone, 2, dask=False).limits.spin_seconds == 0
    assert sharing_cores(alone, 1, dask=True).limits.spin_seconds == 0
    monkeypatch.setattr(walls, "usable_cores", lambda: 1)
    assert walls.Limits().spin_seconds == 0
    assert sharing_cores(Settings(), 1, dask=False).limits.spin_seconds == 0
