"""`grade-all --dask`: the same batch, graded on a Dask cluster.

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


def grade_on_dask(address: str, todo: list, out: Path, jobs: int, finished,
                  settings: Settings, assignment: str) -> None:
    from dask.distributed import Client, LocalCluster, as_completed

    from ..grading.assignment import named
    from ..grading.stored import failed_row, stamp, store
    from ..submission.files import SubmissionUnreadable, read_bytes

    cluster, parts = None, named(assignment).parts
    if address == "local":
        cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        address = cluster.scheduler_address
    try:
        with Client(address) as client:
            futures = {}
            for item in todo:
                try:
                    data = read_bytes(item.path)
                except (OSError, SubmissionUnreadable) as error:
                    finished(item, failed_row(item.student, parts, "reading the submission",
                                              error))
                    continue
                future = client.submit(grade_bytes, item.student, item.path.name, data,
                                       settings, assignment, pure=False,
                                       key=f"grade-{item.student}")
                futures[future] = (item, stamp(item.path, settings.seed))
            for future in as_completed(futures):
                item, fingerprint = futures.pop(future)
                try:
                    row, files, data = future.result()
                except Exception as error:  # noqa: BLE001 - a lost worker costs one row
                    row, files, data = failed_row(item.student, parts, "grading", error), {}, None
                finished(item, store(out, item.student, fingerprint, row, files, parts, data))
    finally:
        if cluster is not None:
            cluster.close()
