"""The plain-text report: a per-part table, then each check that did not pass."""

from __future__ import annotations

import textwrap

from ..grading.results import (
    HIDDEN_PENDING,
    PASSED,
    UNREADABLE,
    CheckResult,
    Grading,
    carried,
    explained_earlier,
    feedback_text,
)
from ..grading.score import by_part, total
from .escape import terminal

CARRIED = "Not charged again (error carried forward)"


def points(value: float) -> str:
    return f"{value:g}"


def table(results: list[CheckResult], parts: dict[int, str], pending_note: str = "") -> str:
    """The per-part points table that every front end (CLI, pytest, notebook) prints.

    When some checks did not run (hidden checks in a student's local run), a last column says
    how many of each part's points run at grading.
    """
    pending = {r.part: 0.0 for r in results}
    for r in results:
        if r.status == HIDDEN_PENDING:
            pending[r.part] += r.max_score
    extra = any(pending.values())
    rows = [("Part", "Title", "Points", "Runs at grading" if extra else "")]
    for part in by_part(results, parts):
        rows.append((str(part.part), part.title, f"{points(part.score)} / {points(part.max_score)}",
                     f"{points(pending[part.part])} points" if extra else ""))
    score, max_score = total(results)
    rows.append(("", "Total", f"{points(score)} / {points(max_score)}",
                 f"{points(sum(pending.values()))} points" if extra else ""))
    width = max(len(r[1]) for r in rows)
    lines = [f"{a:<5} {b:<{width}}  {c:>9}  {d}".rstrip() for a, b, c, d in rows]
    lines.insert(1, "-" * len(lines[0]))
    lines.insert(len(lines) - 1, "-" * len(lines[0]))
    if pending_note:
        lines.append(pending_note)
    return "\n".join(lines)


def failures(results: list[CheckResult]) -> str:
    out = []
    seen = explained_earlier(results)
    for r in results:
        if r.status in (PASSED, HIDDEN_PENDING) or r.max_score and r.score == r.max_score:
            continue                          # a failed self-check (worth nothing) is shown
        out.append(f"[{r.number}] {r.title}  ({points(r.score)} / {points(r.max_score)}, "
                   f"{r.status})")
        for line in feedback_text(r, seen.get(r.number, "")).splitlines():
            out.append(textwrap.fill(line, width=100, initial_indent="      ",
                                     subsequent_indent="        "))
    return "\n".join(out)


def carried_forward(results: list[CheckResult]) -> str:
    """The checks that kept their points because their failure follows from an earlier one."""
    out = []
    for r in carried(results):
        out.append(f"[{r.number}] {r.title}  ({points(r.score)} / {points(r.max_score)})")
        out.append(textwrap.fill(r.message + ".", width=100, initial_indent="      ",
                                 subsequent_indent="        "))
    return "\n".join(out)


def summary(grading: Grading, details: bool = True) -> str:
    """The report as text, safe to print: no control character of the submission's reaches a
    terminal (`escape.terminal`)."""
    parts = [f"{grading.assignment}: {grading.submission}"]
    if grading.status == UNREADABLE:
        parts.append(f"Not graded: {grading.reason}.")
    for problem in grading.problems:
        parts.append(f"While loading your code, {problem}")
    parts.append(table(grading.results, grading.parts))
    if details:
        failed = failures(grading.results)
        if failed:
            parts.append("Checks that did not pass:\n" + failed)
        excused = carried_forward(grading.results)
        if excused:
            parts.append(f"{CARRIED}:\n" + excused)
    return terminal("\n\n".join(parts))
