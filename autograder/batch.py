"""The `grade-all` verb: every submission in a folder, one results folder each, one gradebook.

A submission is found as one of:
  DIR/<student>.ipynb or DIR/<student>.py                  (one file per student)
  DIR/<student>/nn_intro.ipynb (or the folder's only .ipynb/.py)   (one folder per student)
  DIR/<student>/nn_intro/nn_intro.ipynb                    (nbgrader's submitted/ layout)
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import ASSIGNMENT
from .checks import PARTS
from .grade import Grading, grade
from .report import gradescope, text
from .score import by_part, total


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


def discover(root: Path) -> list[Found]:
    found = []
    for entry in sorted(Path(root).iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_file() and entry.suffix in (".ipynb", ".py"):
            found.append(Found(entry.stem, entry))
        elif entry.is_dir():
            path = _pick(entry)
            found.append(Found(entry.name, path, "" if path else
                               f"no {ASSIGNMENT}.ipynb (or single .ipynb/.py file) in the folder"))
    return found


def _atomic_write(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
        out.write(content)
    os.replace(tmp, path)


def gradebook_row(student: str, grading: Grading | None, reason: str = "") -> dict:
    row = {"student": student}
    if grading is None:
        row.update({f"part{p}": 0 for p in PARTS})
        row.update(total=0, max_score="", status="missing", reason=reason)
        return row
    for part in by_part(grading.results):
        row[f"part{part.part}"] = f"{part.score:g}"
    score, max_score = total(grading.results)
    row.update(total=f"{score:g}", max_score=f"{max_score:g}", status=grading.status,
               reason=grading.reason or "; ".join(grading.problems))
    return row


def grade_all(root: Path, out: Path, log=print) -> list[dict]:
    rows = []
    for item in discover(root):
        if item.path is None:
            rows.append(gradebook_row(item.student, None, item.reason))
            log(f"{item.student:<30} not graded: {item.reason}")
            continue
        grading = grade(item.path)
        folder = out / item.student
        gradescope.write(grading, folder / "results.json")
        _atomic_write(folder / "feedback.txt", text.summary(grading) + "\n")
        rows.append(gradebook_row(item.student, grading))
        score, max_score = total(grading.results)
        log(f"{item.student:<30} {score:>5g} / {max_score:g}   {folder / 'results.json'}")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["student", *(f"part{p}" for p in PARTS),
                                                "total", "max_score", "status", "reason"])
    writer.writeheader()
    writer.writerows(rows)
    _atomic_write(out / "gradebook.csv", buffer.getvalue())
    log(f"{len(rows)} submissions; gradebook: {out / 'gradebook.csv'}")
    return rows
