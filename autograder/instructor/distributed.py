"""`grade-all --dask`: the same batch, graded on a Dask cluster, behind the same
`concurrent.futures` Executor as a local pool (`dask_executor`; `batch.run_all` drives both).

Each task carries the submission's bytes and returns the gradebook row and the student's
files as text; the machine that runs `grade-all` writes them (so the cluster needs no shared
file system for submissions or results). On the worker, the grading is exactly the local one:
a sandboxed process per submission, with the same limits. Workers need the kit installed and
the reference solution at the path the settings name (as in a Gradescope image).

Why Dask: pure Python from PyPI, a `LocalCluster` that tests run on one machine, the same
futures API as `concurrent.futures`, and it schedules one task per worker thread; Ray would
bring a far larger runtime for the same pattern.
"""

from __future__ import annotations

import tempfile
from contextlib import contextmanager
from pathlib import Path

from ..grading.settings import Settings


def grade_bytes(student: str, name: str, data: bytes, settings: Settings, assignment: str):
    """On a worker: grade the submission `data` (a file named `name`) as the assignment
    `assignment`; (row, files, the grading as data)."""
    from ..grading.stored import graded_files
    with tempfile.TemporaryDirectory(prefix="autograder-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return graded_files(path, student, settings, assignment)


@contextmanager
def dask_executor(address: str, jobs: int):
    """A Dask cluster behind `concurrent.futures`' Executor (`Client.get_executor`): the one at
    `address`, or a `LocalCluster` of `jobs` worker processes for "local"."""
    from dask.distributed import Client, LocalCluster

    cluster = None
    if address == "local":
        cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        address = cluster.scheduler_address
    try:
        with Client(address) as client:
            yield client.get_executor(pure=False)
    finally:
        if cluster is not None:
            cluster.close()
