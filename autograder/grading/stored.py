"""One student's grading, kept: the gradebook row, the rendered files and the grading as data.

`grade-all` (a local pool or Dask: `batch.py`, `distributed.py`) grades with `graded_files`
wherever the grading runs and writes with `store` where the batch runs. Each student's folder
holds `results.json`, `feedback.txt`, the feedback report and, written last, `grading.json`:
what it was graded from (the file's SHA-256 and the term's seed), the gradebook row and the
grading as data (`results.grading_data`), which the cohort report reads (`cohort.py`). A rerun
skips a student whose `grading.json` still matches (`kept_row`).
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

from ..report import feedback, gradescope, text
from ..report.escape import clean
from ..submission.files import SubmissionUnreadable, atomic_write, read_bytes
from .assignment import named
from .pipeline import Pipeline
from .results import ERROR, GRADING, Grading, grading_data, grading_from_data
from .score import by_part, total
from .settings import Settings


def gradebook_row(student: str, grading: Grading | None, parts: dict[int, str], status: str = "",
                  reason: str = "") -> dict:
    """One gradebook line; without a grading, zero points and `status` with its `reason`."""
    row = {"student": student}
    if grading is None:
        row.update({f"part{p}": 0 for p in parts})
        row.update(total=0, max_score="", status=status, reason=reason)
        return row
    for part in by_part(grading.results, parts):
        row[f"part{part.part}"] = f"{part.score:g}"
    score, max_score = total(grading.results)
    row.update(total=f"{score:g}", max_score=f"{max_score:g}", status=grading.status,
               reason=grading.reason or "; ".join(grading.problems))
    return row


def _fingerprint(path: Path, seed: int) -> dict:
    return {"sha256": hashlib.sha256(read_bytes(path)).hexdigest(), "seed": seed}


def write_grading(folder: Path, grading: Grading, **more) -> None:
    """`folder/grading.json`: the grading as data (and `more`, as `store` adds), atomically."""
    atomic_write(folder / GRADING, json.dumps({**more, "grading": grading_data(grading)}))


def read_grading(folder: Path) -> Grading | None:
    """The grading `folder/grading.json` holds, or None (absent or unreadable)."""
    try:
        return grading_from_data(json.loads((folder / GRADING).read_text(encoding="utf-8"))
                                 ["grading"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def stamp(path: Path, seed: int) -> dict | None:
    """What a submission is graded from: its file's SHA-256 and the term's seed."""
    try:
        return _fingerprint(path, seed)
    except (OSError, SubmissionUnreadable):
        return None          # graded (and refused, with the reason) as any other


def kept_row(folder: Path, fingerprint: dict | None) -> dict | None:
    """The stored row, when this student was graded from the same file with the same seed
    (and the grading is stored as data: one stored by an older kit is graded again)."""
    try:
        stored = json.loads((folder / GRADING).read_text())
        if (stored["graded_from"] == fingerprint and stored.get("grading")
                and (folder / "results.json").is_file()):
            return stored["row"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    return None


def failed_row(student: str, parts: dict[int, str], doing: str, error: BaseException) -> dict:
    """The row of a student whose grading failed (the grader's fault, never the batch's end)."""
    return gradebook_row(student, None, parts, ERROR,
                         clean(f"{doing} failed: {type(error).__name__}: {error}", 300))


def graded_files(path: Path, student: str, settings: Settings,
                 name: str) -> tuple[dict, dict[str, str], dict | None]:
    """Grade one submission file as the assignment `name`: (its gradebook row, {file name:
    text} for its folder, the grading as data). Never raises: a failure of the grading or of
    any report is that student's `error` row. Runs wherever the grading runs: a pool process,
    or a Dask worker (which is told the assignment by name: an assignment's checks are code,
    not data)."""
    assignment = named(name)
    started = time.monotonic()
    try:
        grading = Pipeline(settings, assignment).grade(path)
    except Exception as error:  # noqa: BLE001 - one broken grading must not stop the batch
        return failed_row(student, assignment.parts, "grading", error), {}, None
    seconds = round(time.monotonic() - started, 2)
    try:
        files = {"results.json": gradescope.text(grading, report_beside=True),
                 "feedback.txt": text.summary(grading) + "\n", **feedback.files(grading)}
    except Exception as error:  # noqa: BLE001
        return failed_row(student, assignment.parts, "writing the report", error), {}, None
    row = {**gradebook_row(student, grading, assignment.parts), "seconds": seconds}
    return row, files, grading_data(grading)


def store(out: Path, student: str, fingerprint: dict, row: dict, files: dict[str, str],
          parts: dict[int, str], data: dict | None = None) -> dict:
    """Write a student's folder; `grading.json` (what it was graded from, the gradebook row and
    the grading as data), which marks it finished, last."""
    if not files:
        return row            # not graded (an error): nothing to keep, graded again next run
    try:
        for name, content in files.items():
            atomic_write(out / student / name, content)
        for old in (out / student).glob(f"{feedback.STEM}-*.svg"):   # a regrade's stale picture
            if old.name not in files:
                old.unlink()
        atomic_write(out / student / GRADING,
                     json.dumps({"graded_from": fingerprint, "row": row, "grading": data}))
    except Exception as error:  # noqa: BLE001 - a full disk costs this row, not the batch
        return failed_row(student, parts, "writing the results", error)
    return row
