"""The `grade-all` verb: every submission in a folder, one results folder each, one gradebook.

A submission is found as one of:
  DIR/<student>.ipynb or DIR/<student>.py                  (one file per student)
  DIR/<student>/nn_intro.ipynb (or the folder's only .ipynb/.py)   (one folder per student)
  DIR/<student>/nn_intro/nn_intro.ipynb                    (nbgrader's submitted/ layout)

Each student's folder under OUT gets `results.json`, `feedback.txt`, the feedback report
(`feedback.md` with its pictures, `feedback.html`) and, written last,
`grading.json`: the gradebook row and what it was graded from (the file's SHA-256 and the
term's seed). A rerun skips every student whose `grading.json` still matches, so an interrupted
batch resumes where it stopped. `gradebook.csv` is rewritten (atomically) after every student,
one row per submission from the start: `pending` until it is graded.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from . import ASSIGNMENT
from .checks import PARTS
from .files import atomic_write
from .grade import Grading, grade
from .report import feedback, gradescope, text
from .score import by_part, total
from .settings import SETTINGS, Settings

COLUMNS = ["student", *(f"part{p}" for p in PARTS), "total", "max_score", "status", "reason"]
MISSING, ERROR, PENDING = "missing", "error", "pending"


@dataclass
class Found:
    student: str
    path: Path | None
    reason: str = ""      # why no file was found, when path is None


def _pick(folder: Path) -> Path | None:
    for candidate in (folder / f"{ASSIGNMENT}.ipynb", folder / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
                      folder / f"{ASSIGNMENT}.py", folder / ASSIGNMENT / f"{ASSIGNMENT}.py"):
        if candidate.is_file():
            return candidate
    files = [p for p in sorted(folder.rglob("*")) if p.suffix in (".ipynb", ".py")
             and p.is_file() and ".ipynb_checkpoints" not in p.parts]
    return files[0] if len(files) == 1 else None


def find_submission(folder: Path) -> Found:
    """One student's folder: their submission, or the reason there is none."""
    path = _pick(folder)
    return Found(folder.name, path, "" if path else
                 f"no {ASSIGNMENT}.ipynb (or single .ipynb/.py file) in the folder")


def discover(root: Path) -> list[Found]:
    found = []
    for entry in sorted(Path(root).iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_file() and entry.suffix in (".ipynb", ".py"):
            found.append(Found(entry.stem, entry))
        elif entry.is_dir():
            found.append(find_submission(entry))
    return found


def gradebook_row(student: str, grading: Grading | None, status: str = "", reason: str = "") -> dict:
    """One gradebook line; without a grading, zero points and `status` with its `reason`."""
    row = {"student": student}
    if grading is None:
        row.update({f"part{p}": 0 for p in PARTS})
        row.update(total=0, max_score="", status=status, reason=reason)
        return row
    for part in by_part(grading.results):
        row[f"part{part.part}"] = f"{part.score:g}"
    score, max_score = total(grading.results)
    row.update(total=f"{score:g}", max_score=f"{max_score:g}", status=grading.status,
               reason=grading.reason or "; ".join(grading.problems))
    return row


def _fingerprint(path: Path) -> dict:
    return {"sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "seed": SETTINGS.seed}


def _done(folder: Path, fingerprint: dict) -> dict | None:
    """The stored row, when this student was graded from the same file with the same seed."""
    try:
        stamp = json.loads((folder / "grading.json").read_text())
        if stamp["graded_from"] == fingerprint and (folder / "results.json").is_file():
            return stamp["row"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def graded_files(path: Path, student: str, settings: Settings) -> tuple[dict, dict[str, str]]:
    """Grade one submission file: (its gradebook row, {file name: text} for its folder).
    Never raises. Runs wherever the grading runs: a pool process, or a Dask worker."""
    SETTINGS.__dict__.update(settings.__dict__)      # a pool process starts from the parent's
    try:
        grading = grade(path)
    except Exception as error:  # noqa: BLE001 - one broken grading must not stop the batch
        return gradebook_row(student, None, ERROR, f"{type(error).__name__}: {error}"), {}
    files = {"results.json": gradescope.text(grading),
             "feedback.txt": text.summary(grading) + "\n", **feedback.files(grading)}
    return gradebook_row(student, grading), files


def store(out: Path, student: str, fingerprint: dict, row: dict, files: dict[str, str]) -> dict:
    """Write a student's folder; `grading.json`, which marks it finished, last."""
    if not files:
        return row            # not graded (an error): nothing to keep, graded again next run
    for name, content in files.items():
        atomic_write(out / student / name, content)
    atomic_write(out / student / "grading.json",
                 json.dumps({"graded_from": fingerprint, "row": row}))
    return row


def grade_one(item: Found, out: Path, settings: Settings) -> dict:
    """Grade one student and write their folder; returns the gradebook row. Never raises."""
    SETTINGS.__dict__.update(settings.__dict__)
    try:
        fingerprint = _fingerprint(item.path)
    except OSError as error:
        return gradebook_row(item.student, None, ERROR, f"cannot read {item.path}: {error}")
    row, files = graded_files(item.path, item.student, settings)
    return store(out, item.student, fingerprint, row, files)


def _write_gradebook(out: Path, rows: dict[str, dict]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows.values())
    atomic_write(out / "gradebook.csv", buffer.getvalue())


def grade_all(root: Path, out: Path, jobs: int = 1, resume: bool = True, log=print,
              progress: bool | None = None, dask: str | None = None) -> list[dict]:
    """Grade every submission under `root` into `out`; returns the gradebook rows in order.

    `dask`: run the gradings on a Dask cluster (a scheduler's address, or "local" for a
    LocalCluster of `jobs` workers on this machine) instead of a local process pool."""
    from tqdm import tqdm

    out.mkdir(parents=True, exist_ok=True)
    found = discover(root)
    rows = {item.student: gradebook_row(item.student, None, PENDING) for item in found}
    todo = []
    for item in found:
        if item.path is None:
            rows[item.student] = gradebook_row(item.student, None, MISSING, item.reason)
        elif resume and (row := _done(out / item.student, _fingerprint(item.path))):
            rows[item.student] = row
        else:
            todo.append(item)
    skipped = len(found) - len(todo)
    _write_gradebook(out, rows)
    bar = tqdm(total=len(found), initial=skipped, unit="submission", dynamic_ncols=True,
               disable=None if progress is None else not progress)   # None: only on a terminal

    def finished(item: Found, row: dict) -> None:
        rows[item.student] = row
        _write_gradebook(out, rows)
        bar.update(1)
        line = f"{item.student:<30} {row['total']:>5} / {row['max_score'] or '-'}  {row['status']}"
        (log if bar.disable else bar.write)(line + (f": {row['reason'][:120]}" if row["reason"] else ""))

    try:
        if dask:
            from .distributed import grade_on_dask
            grade_on_dask(dask, todo, out, jobs, finished)
        elif jobs <= 1:
            for item in todo:
                finished(item, grade_one(item, out, SETTINGS))
        else:
            pool = ProcessPoolExecutor(max_workers=jobs)
            try:
                running = {pool.submit(grade_one, item, out, SETTINGS): item for item in todo}
                while running:
                    done, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in done:
                        finished(running.pop(future), future.result())
            finally:
                pool.shutdown(wait=True, cancel_futures=True)
    finally:
        bar.close()
    log(f"{len(found)} submissions ({skipped} already graded, {len(todo)} graded now); "
        f"gradebook: {out / 'gradebook.csv'}")
    return list(rows.values())
