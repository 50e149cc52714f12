"""grade-all on a Dask cluster (a LocalCluster of two worker processes on this machine): the
same gradebook and the same student folders as a local batch, each submission sandboxed."""

import json

import pytest
from conftest import run_cli
from test_batch import LIMITS, gradebook, mixed_folder

pytest.importorskip("dask.distributed")


def test_a_dask_batch_matches_the_local_one(tmp_path, reference_code):
    expected = mixed_folder(tmp_path / "in", reference_code)
    local = run_cli("grade-all", tmp_path / "in", "--out", tmp_path / "local", "--jobs", "2",
                    *LIMITS)
    assert local.returncode == 0, local.stderr
    done = run_cli("grade-all", tmp_path / "in", "--out", tmp_path / "dask", "--dask", "local",
                   "--jobs", "2", *LIMITS)
    assert done.returncode == 0, done.stderr
    rows = {r["student"]: r for r in gradebook(tmp_path / "dask")}
    local_rows = {r["student"]: r for r in gradebook(tmp_path / "local")}
    assert sorted(rows) == sorted(expected)
    for student, row in rows.items():
        mine, theirs = dict(row), dict(local_rows[student])
        assert (mine["total"], mine["status"]) == (theirs["total"], theirs["status"]), student
    for student in expected:
        if rows[student]["status"] == "missing":
            continue
        folder = tmp_path / "dask" / student
        results = json.loads((folder / "results.json").read_text())
        assert results == json.loads((tmp_path / "local" / student / "results.json").read_text())
        assert (folder / "feedback.html").is_file() and (folder / "grading.json").is_file()
    # a rerun on the cluster resumes: nothing is graded again
    again = run_cli("grade-all", tmp_path / "in", "--out", tmp_path / "dask", "--dask", "local",
                    "--jobs", "2", *LIMITS)
    assert again.returncode == 0 and "0 graded now" in again.stdout + again.stderr
