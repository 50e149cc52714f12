"""The `grade-all` verb: every submission in a folder, one results folder each, one gradebook.

A submission is found as one of:
  DIR/<student>.ipynb or DIR/<student>.py                  (one file per student)
  DIR/<student>/<name>.ipynb (or the folder's only .ipynb/.py)     (one folder per student)
  DIR/<student>/<name>/<name>.ipynb                        (nbgrader's submitted/ layout)
where <name> is the assignment's (`--assignment`; every submission of a batch is graded as the
same assignment).

Each student's folder under OUT gets `results.json`, `feedback.txt`, the feedback report
(`feedback.md` with its pictures, `feedback.html`) and, written last, `grading.json`: what it
was graded from, the gradebook row and the grading as data (`stored.py`). A rerun skips every
student whose `grading.json` still matches, so an interrupted batch resumes where it stopped.
`gradebook.csv` is rewritten (atomically) after every student, one row per submission from the
start: `pending` until it is graded; `gradebook.json` holds the same rows as data.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from ..grading.assignment import Assignment
from ..grading.results import MISSING, PENDING, UNREADABLE
from ..grading.settings import Settings
from ..grading.stored import failed_row, gradebook_row, graded_files, kept_row, stamp, store
from ..report.escape import clean, csv_cell, terminal
from ..sandbox.walls import end_sandboxes_on_sigterm, spin_where_cores_are_idle
from ..submission.files import SubmissionUnreadable, atomic_write, read_bytes


@dataclass
class Found:
    student: str
    path: Path | None
    reason: str = ""      # why no file was found, when path is None
    status: str = MISSING     # the gradebook's status when path is None


SUFFIXES = (".ipynb", ".py")


def _kind(path: Path) -> str:
    """'file', 'folder', 'link' or 'other', of the path itself (a link is not followed)."""
    try:
        mode = path.lstat().st_mode
    except OSError:
        return "other"
    return ("link" if stat.S_ISLNK(mode) else "file" if stat.S_ISREG(mode)
            else "folder" if stat.S_ISDIR(mode) else "other")


def _found(student: str, path: Path, kind: str) -> Found:
    """A submission file, or the reason it is refused (a link or a special file: 0 points)."""
    if kind == "file":
        return Found(student, path)
    what = "a symbolic link" if kind == "link" else "not a regular file"
    return Found(student, None, f"{clean(path.name, 200)} is {what}: refused (a submission is "
                                "a regular file, not a link)", UNREADABLE)


def _candidates(folder: Path):
    """The .ipynb/.py files below `folder`, without entering links or checkpoints."""
    for entry in sorted(folder.iterdir()):
        kind = _kind(entry)
        if kind == "folder" and entry.name != ".ipynb_checkpoints":
            yield from _candidates(entry)
        elif entry.suffix in SUFFIXES:
            yield entry, kind


def columns(assignment: Assignment) -> list[str]:
    return ["student", *(f"part{p}" for p in assignment.parts), "total", "max_score", "status",
            "reason"]


def find_submission(folder: Path, assignment: Assignment) -> Found:
    """One student's folder: their submission, or the reason there is none. Nothing is
    followed through a symbolic link: a link where the submission should be is refused."""
    found = list(_candidates(folder))
    a = assignment.name
    for name in (f"{a}.ipynb", f"{a}/{a}.ipynb", f"{a}.py", f"{a}/{a}.py"):
        for path, kind in found:
            if path == folder / name:
                return _found(folder.name, path, kind)
    if len(found) == 1:
        return _found(folder.name, *found[0])
    return Found(folder.name, None,
                 f"no {a}.ipynb (or single .ipynb/.py file) in the folder")


def discover(root: Path, assignment: Assignment) -> list[Found]:
    """One `Found` per student. Links and special files are listed with the reason they are
    refused, never followed or dropped; two files of one stem (bob.py, bob.ipynb) are two
    students, named by their whole file names (and so on while a name is still taken: bob.py
    and bob.py.ipynb), so every entry is a row of its own and no result overwrites another."""
    entries = []        # (the entry's own name, what was found)
    for entry in sorted(Path(root).iterdir()):
        if entry.name.startswith("."):
            continue
        kind = _kind(entry)
        if kind == "folder":
            entries.append((entry.name, find_submission(entry, assignment)))
        elif entry.suffix in SUFFIXES:
            entries.append((entry.name, _found(entry.stem, entry, kind)))
        elif kind == "link":
            entries.append((entry.name, _found(entry.name, entry, kind)))
    while True:     # entries' own names are distinct in a folder: this ends, at worst with all
        students = [item.student for _, item in entries]
        clashing = [(name, item) for name, item in entries
                    if students.count(item.student) > 1 and name != item.student]
        if not clashing:
            return [item for _, item in entries]
        for name, item in clashing:
            item.student = name          # a file sharing its stem with another entry


class InThisProcess(Executor):
    """`concurrent.futures`' interface for gradings run one at a time in this process (each
    still in its own sandboxed worker): `submit` runs the task before it returns."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as error:  # noqa: BLE001 - the caller's result() raises it
            future.set_exception(error)
        return future


@contextmanager
def executor(jobs: int, dask: str | None):
    """Where a batch's gradings run, all behind `concurrent.futures`' Executor: this process
    (`jobs` ≤ 1), a pool of `jobs` processes, or a Dask cluster (`distributed.dask_executor`)."""
    if dask:
        from .distributed import dask_executor
        with dask_executor(dask, jobs) as pool:
            yield pool
    elif jobs <= 1:
        yield InThisProcess()
    else:
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=end_sandboxes_on_sigterm,
                                   initargs=(True,))
        try:
            yield pool
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def run_all(pool: Executor, todo: list[Found], out: Path, settings: Settings,
            assignment: Assignment, finished, ahead: int, ship: bool) -> None:
    """Grade `todo` on `pool`, at most `ahead` submitted before one is finished; each student's
    files are written here, by `store`, as each grading ends. `ship`: the task carries the
    submission's bytes (a cluster needs no shared file system), else its path."""
    from .distributed import grade_bytes

    parts, waiting, running = assignment.parts, list(todo), {}
    while waiting or running:
        while waiting and len(running) < ahead:
            item = waiting.pop(0)
            try:
                fingerprint = stamp(item.path, settings.seed)
                task = ((grade_bytes, item.student, item.path.name, read_bytes(item.path))
                        if ship else (graded_files, item.path, item.student))
            except (OSError, SubmissionUnreadable) as error:
                finished(item, failed_row(item.student, parts, "reading the submission", error))
                continue
            running[pool.submit(*task, settings, assignment.name)] = (item, fingerprint)
        done, _ = wait(running, return_when=FIRST_COMPLETED) if running else ((), ())
        for future in done:
            item, fingerprint = running.pop(future)
            try:
                row, files, data = future.result()
            except Exception as error:  # noqa: BLE001 - a lost worker costs one row
                row, files, data = failed_row(item.student, parts, "grading", error), {}, None
            finished(item, store(out, item.student, fingerprint, row, files, parts, data))


GRADEBOOK = "gradebook.json"      # the rows as data: what `export` reads


def _write_gradebook(out: Path, rows: dict[str, dict], assignment: Assignment) -> None:
    """gradebook.csv for people and spreadsheets (cells that start like a formula quoted), and
    the same rows as data in gradebook.json."""
    atomic_write(out / GRADEBOOK, json.dumps({"assignment": assignment.name,
                                               "rows": list(rows.values())}))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns(assignment), extrasaction="ignore")
    writer.writeheader()
    writer.writerows({key: csv_cell(value) for key, value in row.items()} for row in rows.values())
    atomic_write(out / "gradebook.csv", buffer.getvalue())


def sharing_cores(settings: Settings, jobs: int, dask: bool) -> Settings:
    """The settings for `jobs` graders at once: where they and their workers take every core
    (or a cluster's, unknown here), a wait on the channel sleeps at once, since a spinning
    one would only hold a core another grader needs (`walls.spin_where_cores_are_idle`)."""
    spin = 0.0 if dask else spin_where_cores_are_idle(jobs)
    return replace(settings, limits=replace(settings.limits,
                                            spin_seconds=min(spin, settings.limits.spin_seconds)))


def grade_all(root: Path, out: Path, settings: Settings, assignment: Assignment, jobs: int = 1,
              resume: bool = True, log=print, progress: bool | None = None,
              dask: str | None = None) -> list[dict]:
    """Grade every submission under `root` into `out`; returns the gradebook rows in order.

    `dask`: run the gradings on a Dask cluster (a scheduler's address, or "local" for a
    LocalCluster of `jobs` workers on this machine) instead of a local process pool."""
    from tqdm import tqdm

    out.mkdir(parents=True, exist_ok=True)
    found, parts = discover(root, assignment), assignment.parts
    rows = {item.student: gradebook_row(item.student, None, parts, PENDING) for item in found}
    todo = []
    for item in found:
        if item.path is None:
            rows[item.student] = gradebook_row(item.student, None, parts, item.status,
                                               item.reason)
        elif resume and (row := kept_row(out / item.student, stamp(item.path, settings.seed))):
            rows[item.student] = row
        else:
            todo.append(item)
    skipped = len(found) - len(todo)
    _write_gradebook(out, rows, assignment)
    bar = tqdm(total=len(found), initial=skipped, unit="submission", dynamic_ncols=True,
               disable=None if progress is None else not progress)   # None: only on a terminal

    def finished(item: Found, row: dict) -> None:
        rows[item.student] = row
        _write_gradebook(out, rows, assignment)
        bar.update(1)
        line = f"{item.student:<30} {row['total']:>5} / {row['max_score'] or '-'}  {row['status']}"
        line += f": {row['reason'][:120]}" if row["reason"] else ""
        (log if bar.disable else bar.write)(terminal(line))

    settings = sharing_cores(settings, jobs, bool(dask))
    try:
        with executor(jobs, dask) as pool:
            # a row as soon as a grading ends; a pool kept busy; a cluster, whose size is its
            # own, given everything at once
            ahead = len(todo) if dask else 1 if jobs <= 1 else jobs * 2
            run_all(pool, todo, out, settings, assignment, finished, ahead, ship=bool(dask))
    finally:
        bar.close()
    log(f"{len(found)} submissions ({skipped} already graded, {len(todo)} graded now); "
        f"gradebook: {out / 'gradebook.csv'}")
    log(f"each student's results.json, feedback.txt, feedback.html and feedback.md: "
        f"{out / '<student>'}/")
    write_cohort(out, list(rows.values()), assignment, log)
    return list(rows.values())


def write_cohort(out: Path, rows: list[dict], assignment: Assignment, log=print) -> None:
    """`out/cohort.html` and `cohort.md` (with its charts); a failure here costs the report,
    never the gradebook, which is already written."""
    from ..report import cohort as report
    from .cohort import cohort
    try:
        for name, content in report.files(cohort(out, rows, assignment)).items():
            atomic_write(out / name, content)
    except Exception as error:  # noqa: BLE001
        log(terminal(f"the cohort report could not be written: {type(error).__name__}: {error}"))
        return
    log(f"what the cohort got wrong: {out / 'cohort.html'}")
