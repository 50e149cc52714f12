"""What a cohort got wrong: built from a `grade-all` folder, for the instructor.

From each student's gradebook row and grading, as `grading.json` stores it (`stored.py`;
never a rendered file): the totals, the points per part, the
share of students who passed each check, the misconceptions the diagnosis named (each student
counted once per misconception, however many checks it cost them), the slowest gradings and
the ones that failed. `report/cohort.py` renders it; nothing here is text for a reader yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..grading.assignment import Assignment
from ..grading.results import ERROR, GRADED, MISSING, PENDING
from ..grading.score import total
from ..grading.stored import read_grading
from ..report.escape import clean

SLOWEST = 5


@dataclass
class CheckRate:
    number: str
    title: str
    part: int
    passed: int = 0           # students with full marks on it
    graded: int = 0           # students whose results hold it


@dataclass
class Seen:
    """A misconception the diagnosis named, and who showed it."""
    id: str
    title: str
    part: int
    students: list[str] = field(default_factory=list)


@dataclass
class Cohort:
    assignment: str
    title: str
    parts: dict[int, str]
    max_score: float
    totals: dict[str, float] = field(default_factory=dict)             # graded students
    part_points: dict[int, list[float]] = field(default_factory=dict)  # part -> each student's
    part_max: dict[int, float] = field(default_factory=dict)
    checks: list[CheckRate] = field(default_factory=list)
    misconceptions: list[Seen] = field(default_factory=list)           # most students first
    slowest: list[tuple[str, float]] = field(default_factory=list)
    failed: list[tuple[str, str, str]] = field(default_factory=list)   # student, status, reason
    students: int = 0


def _number(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def cohort(out: Path, rows: list[dict], assignment: Assignment) -> Cohort:
    """The cohort of a finished batch: `rows` are its gradebook rows, `out` its folder."""
    found = Cohort(assignment.name, assignment.title, dict(assignment.parts),
                   assignment.max_score, students=len(rows))
    found.part_max = {p: assignment.part_points(p) for p in assignment.parts}
    found.part_points = {p: [] for p in assignment.parts}
    rates = {c.number: CheckRate(c.number, c.title, c.part) for c in assignment.checks}
    seen: dict[str, Seen] = {}
    timed = []
    for row in rows:
        student, status = str(row.get("student", "")), str(row.get("status", ""))
        seconds = _number(row.get("seconds"))
        if seconds is not None:
            timed.append((student, seconds))
        if status != GRADED:
            found.failed.append((student, status, clean(str(row.get("reason", "")), 300)))
        grading = (read_grading(out / student) if status not in (MISSING, ERROR, PENDING)
                   else None)
        if grading is None:
            continue
        found.totals[student] = total(grading.results)[0]
        for part in assignment.parts:
            found.part_points[part].append(_number(row.get(f"part{part}")) or 0.0)
        named = set()
        for r in grading.results:
            rate = rates.get(r.number)
            if rate is not None:
                rate.graded += 1
                rate.passed += r.score == r.max_score
            if r.misconception is not None and r.diagnosis not in named:
                named.add(r.diagnosis)
                entry = seen.setdefault(r.diagnosis, Seen(
                    r.diagnosis, clean(r.misconception.title, 200), r.part))
                entry.students.append(student)
    found.checks = list(rates.values())
    found.misconceptions = sorted(seen.values(), key=lambda s: (-len(s.students), s.part, s.id))
    found.slowest = sorted(timed, key=lambda t: -t[1])[:SLOWEST]
    return found
