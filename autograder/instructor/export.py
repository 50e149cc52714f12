"""Grades into the LMS: a `grade-all` folder (or nbgrader's `grades.csv`) and a roster the
instructor exported from the LMS become the file the LMS imports.

- Canvas: the roster is Canvas's own gradebook export (Grades > Export). The import file keeps
  Canvas's identifying columns (Student, ID, SIS User ID, SIS Login ID, Section), its
  "Points Possible" row, and one column for the assignment: the roster's column whose name
  starts with `column` (Canvas writes "name (id)"), else a new column (Canvas then creates the
  assignment on import). Students are matched on SIS Login ID (or SIS User ID, or Canvas's ID).
- Moodle: the roster is any CSV of the course's participants holding the identifier the
  instructor names (`key`: "Username", "ID number", "Email address"); the import file has that
  column and one for the grade item, as Moodle's "Import grades: CSV file" maps them.

Every student on one side and not on the other is listed (`Export.unmatched_*`), never dropped
silently; a roster student without a grade gets an empty cell, which both LMSs leave as it is.
Identifiers are written back exactly as the roster has them (the LMS matches on them); a
display name that starts like a spreadsheet formula is written as text.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..grading.results import ERROR, MISSING, PENDING
from ..report.escape import FORMULA_START, clean, csv_cell

CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
CANVAS_MATCH = {"login": "SIS Login ID", "sis": "SIS User ID", "id": "ID"}
POINTS_POSSIBLE = "Points Possible"


class ExportError(ValueError):
    """The source or the roster cannot be used; the message says why."""


@dataclass
class Grade:
    score: float | None            # None: no grade (missing, or the grading failed)
    max_score: float | None


@dataclass
class Export:
    text: str                                   # the import file
    matched: int = 0
    unmatched_roster: list[str] = field(default_factory=list)    # in the LMS, no grade here
    unmatched_grades: list[str] = field(default_factory=list)    # graded, not in the roster
    ungraded: list[str] = field(default_factory=list)            # in both, but no score


def _number(value) -> float | None:
    try:
        return float(str(value).strip().lstrip("'"))
    except ValueError:
        return None


def _rows(path: Path) -> tuple[list[str], list[dict]]:
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            return list(reader.fieldnames or []), list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise ExportError(f"cannot read {path}: {error}") from None


def grades(source: Path, assignment: str) -> dict[str, Grade]:
    """Each student's grade: from a grade-all folder's gradebook.csv, or from nbgrader's
    `nbgrader export` CSV (the rows of `assignment`)."""
    source = Path(source)
    if source.is_dir() and (source / "gradebook.json").is_file():
        return _stored(source / "gradebook.json")
    path = source / "gradebook.csv" if source.is_dir() else source
    header, rows = _rows(path)
    if {"student", "total", "max_score", "status"} <= set(header):
        return {_unquoted(r["student"]): Grade(
            _number(r["total"]) if r["status"] not in (MISSING, ERROR, PENDING) else None,
            _number(r["max_score"])) for r in rows}
    if {"student_id", "assignment", "score", "max_score"} <= set(header):
        return {r["student_id"]: Grade(_number(r["score"]), _number(r["max_score"]))
                for r in rows if r["assignment"] == assignment}
    raise ExportError(f"{path} is neither a grade-all gradebook.csv nor nbgrader's grades.csv")


def _stored(path: Path) -> dict[str, Grade]:
    """A grade-all folder's rows, as data (`gradebook.json`): names exactly as the students'
    files and folders are called."""
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))["rows"]
        return {str(r["student"]): Grade(
            _number(r["total"]) if r["status"] not in (MISSING, ERROR, PENDING) else None,
            _number(r["max_score"])) for r in rows}
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ExportError(f"{path} is not a grade-all gradebook ({error})") from None


def _unquoted(name: str) -> str:
    """A gradebook name as the student's file or folder is called (`csv_cell` quoted a name
    that starts like a formula)."""
    return name[1:] if name.startswith("'") and name[1:].startswith(FORMULA_START) else name


def _scaled(grade: Grade, points: float | None) -> str:
    if grade.score is None:
        return ""
    value = grade.score
    if points is not None and grade.max_score:
        value = grade.score / grade.max_score * points
    return f"{round(value, 2):g}"


def _key(value: str) -> str:
    return str(value).strip().casefold()


def _lists(export: Export, by_student: dict[str, Grade], seen: set[str]) -> Export:
    export.unmatched_grades = sorted(s for s in by_student if _key(s) not in seen)
    return export


def canvas(by_student: dict[str, Grade], roster: Path, column: str, match: str = "login",
           points: float | None = None) -> Export:
    header, rows = _rows(roster)
    missing = [c for c in CANVAS_COLUMNS if c not in header]
    if missing:
        raise ExportError(f"{roster} is not a Canvas gradebook export: no column "
                          + ", ".join(repr(c) for c in missing))
    target = next((h for h in header if h == column or h.startswith(f"{column} (")), column)
    on = CANVAS_MATCH[match]
    grades_by_key = {_key(s): g for s, g in by_student.items()}
    possible = points if points is not None else next(
        (g.max_score for g in by_student.values() if g.max_score), None)
    possible_row = [POINTS_POSSIBLE, "", "", "", "",
                    f"{possible:g}" if possible is not None else ""]
    body, export, seen = [], Export(""), set()
    for row in rows:
        name = (row.get("Student") or "").strip()
        if name.startswith(POINTS_POSSIBLE):
            possible_row = [row.get(c, "") for c in CANVAS_COLUMNS] + [possible_row[-1]
                                                                       or row.get(target, "")]
            continue
        if not any(row.get(c) for c in CANVAS_COLUMNS[1:4]):
            continue                             # not a student: a note row of the export
        who = _key(row.get(on, ""))
        grade = grades_by_key.get(who) if who else None
        if grade is None:
            export.unmatched_roster.append(clean(name or row.get(on, ""), 200))
            cell = row.get(target, "")           # left as the LMS has it
        else:
            seen.add(who)
            export.matched += 1
            cell = _scaled(grade, points)
            if cell == "":
                export.ungraded.append(clean(name, 200))
        # The identifiers go back exactly as Canvas wrote them (they are what it matches on);
        # only the display name is kept from reading as a formula.
        body.append([csv_cell(row.get("Student", ""))]
                    + [row.get(c, "") for c in CANVAS_COLUMNS[1:]] + [cell])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([CANVAS_COLUMNS + [target], possible_row] + body)
    export.text = out.getvalue()
    return _lists(export, by_student, seen)


def moodle(by_student: dict[str, Grade], roster: Path, key: str, column: str,
           points: float | None = None) -> Export:
    header, rows = _rows(roster)
    if key not in header:
        raise ExportError(f"{roster} has no column {key!r} (its columns: "
                          + ", ".join(repr(h) for h in header[:12]) + ")")
    grades_by_key = {_key(s): g for s, g in by_student.items()}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([key, column])
    export, seen = Export(""), set()
    for row in rows:
        who = _key(row.get(key, ""))
        if not who:
            continue
        grade = grades_by_key.get(who)
        if grade is None:
            export.unmatched_roster.append(clean(row.get(key, ""), 200))
            continue
        seen.add(who)
        export.matched += 1
        cell = _scaled(grade, points)
        if cell == "":
            export.ungraded.append(clean(row.get(key, ""), 200))
        writer.writerow([row[key], cell])         # the identifier exactly, as Moodle matches it
    export.text = out.getvalue()
    return _lists(export, by_student, seen)
