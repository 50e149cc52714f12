"""The grader's data model: what a grading produces, as plain data.

Checks produce `CheckResult`s, a grading gathers them with its problems and pictures into a
`Grading`, and only the reporters (`report/`) turn these into text, Markdown, HTML or
Gradescope JSON. Nothing here runs anything.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .misconceptions import Misconception

PASSED, FAILED, NOT_IMPLEMENTED = "passed", "failed", "not implemented"      # a check's status
HIDDEN_PENDING, NOT_RUN = "runs at grading", "not run"
GRADED, INCOMPLETE, UNREADABLE = "graded", "incomplete", "unreadable"          # a grading's
MISSING, ERROR, PENDING = "missing", "error", "pending"     # a batch row's, when not graded


MESSAGE_LIMIT = 1500      # characters of one check's message: a submission chooses its
                          # exception messages and class names, the report stays small


@dataclass
class CheckResult:
    """One check's verdict, as plain data: reporters turn it into text, Markdown or HTML."""
    id: str
    number: str
    part: int
    title: str
    visibility: str
    max_score: float
    score: float
    status: str
    message: str = ""         # what failed (may quote the submission: escape where it goes)
    lecture: str = ""         # the lecture step the check tests
    hint: str = ""            # where to look, without the answer
    misconception: Misconception | None = None   # the catalogued mistake that explains it
    calls: tuple = ()         # names of the submission's functions the check called
    crashed: bool = False     # a call hung or ended the submission's process
    withheld: bool = False    # held but not credited: the values it rests on are wrong
    carried_from: str = ""    # error carried forward: the earlier check its failure follows from

    @property
    def diagnosis(self) -> str:
        """The id of the misconception that explains the failure ("" when none does)."""
        return self.misconception.id if self.misconception else ""

    @property
    def output(self) -> str:
        """The feedback as plain text (results.json, the terminal, nbgrader's cells)."""
        return feedback_text(self)


def carried(results: list[CheckResult]) -> list[CheckResult]:
    """The checks that failed only through an earlier mistake and kept their points."""
    return [r for r in results if r.carried_from and r.status == PASSED]


def explained_earlier(results: list[CheckResult]) -> dict[str, str]:
    """{check number: the number of the check that already explains its misconception}: a
    report explains each misconception once, at its home, and the other checks it explains
    point there in one line. The home is the first check (in report order) that lost points
    on its own values; else one only withheld for them (`withheld`); else a check worth no
    points (a self-check)."""
    failed = [r for r in results if r.misconception is not None and r.status != PASSED]
    home: dict[str, str] = {}
    for r in sorted(failed, key=lambda r: (r.withheld, not r.max_score)):   # stable sort
        home.setdefault(r.diagnosis, r.number)
    return {r.number: home[r.diagnosis] for r in failed if home[r.diagnosis] != r.number}


def feedback_text(r: CheckResult, seen: str = "") -> str:
    """`seen`: the number of an earlier check of the same report already explaining r's
    misconception (`explained_earlier`); the text then points there instead of repeating it."""
    if r.status == PASSED:
        return f"Passed: {r.message}." if r.message else "Passed."
    if r.status == HIDDEN_PENDING:
        return "Hidden check: runs when your submission is graded."
    if r.status == NOT_IMPLEMENTED:
        return f"Not implemented yet: {r.message}. Lecture: {r.lecture}."
    if r.status == NOT_RUN:
        return f"Not run: {r.message}."
    found = r.misconception
    if found is not None and seen:
        return f"{r.message}.\nLikely misconception: {found.title}: see [{seen}]."
    if found is not None:
        return (f"{r.message}.\nLikely misconception: {found.title}. {found.likely}\n"
                f"Lecture: {found.lecture}.\nHint: {found.hint}")
    return f"{r.message}." + "".join(f"\n{label}: {text}" for label, text in
                                      (("Lecture", f"{r.lecture}."), ("Hint", r.hint)) if text)


DRAWN = 1e15        # values beyond ±DRAWN are left out of a chart like NaN: a loss of 1e308 is
                    # a blow-up to say in words, and the chart's arithmetic stays finite


def drawable(value: float) -> bool:
    return math.isfinite(value) and abs(value) <= DRAWN


@dataclass
class Series:
    label: str
    x: list[float]
    y: list[float]


@dataclass
class Figure:
    name: str             # file-name friendly: "loss", "activation-<function>"
    title: str
    x_label: str
    y_label: str
    series: list[Series] = field(default_factory=list)   # the student's first
    caption: str = ""


@dataclass
class Grading:
    submission: str
    results: list[CheckResult]
    assignment: str = ""          # its name, for the reports' titles
    parts: dict[int, str] = field(default_factory=dict)   # part number -> title
    problems: list[str] = field(default_factory=list)   # cells that raised while loading
    status: str = GRADED
    reason: str = ""          # why the submission was not (fully) graded, for the gradebook
    figures: list[Figure] = field(default_factory=list)   # pictures for the feedback report


# --- stored as data ----------------------------------------------------------------------

GRADING = "grading.json"        # the file a grading is stored in, beside its rendered files

def grading_data(grading: Grading) -> dict:
    """A grading as plain JSON data (`grading.json`, beside the rendered files): what
    everything downstream reads (the cohort report, `passed`, `export`). The pictures stay in
    the rendered report; a misconception is kept without its edits (they are reference code)."""
    def result(r: CheckResult) -> dict:
        m = r.misconception
        return {"id": r.id, "number": r.number, "part": r.part, "title": r.title,
                "visibility": r.visibility, "max_score": r.max_score, "score": r.score,
                "status": r.status, "message": r.message, "lecture": r.lecture, "hint": r.hint,
                "misconception": None if m is None else {
                    "id": m.id, "part": m.part, "title": m.title, "likely": m.likely,
                    "lecture": m.lecture, "hint": m.hint},
                "crashed": r.crashed, "withheld": r.withheld, "carried_from": r.carried_from}
    return {"submission": grading.submission, "assignment": grading.assignment,
            "parts": {str(k): v for k, v in grading.parts.items()}, "status": grading.status,
            "reason": grading.reason, "problems": list(grading.problems),
            "results": [result(r) for r in grading.results]}


def grading_from_data(data: dict) -> Grading:
    """`grading_data`'s inverse (without the pictures)."""
    from .misconceptions import Misconception

    def result(d: dict) -> CheckResult:
        m = d.get("misconception")
        return CheckResult(d["id"], d["number"], int(d["part"]), d["title"], d["visibility"],
                           float(d["max_score"]), float(d["score"]), d["status"],
                           d.get("message", ""), d.get("lecture", ""), d.get("hint", ""),
                           None if m is None else Misconception(
                               m["id"], int(m["part"]), m["title"], m["likely"], m["lecture"],
                               m["hint"], ()),
                           crashed=bool(d.get("crashed")), withheld=bool(d.get("withheld")),
                           carried_from=d.get("carried_from", ""))
    return Grading(data["submission"], [result(d) for d in data["results"]],
                   data.get("assignment", ""), {int(k): v for k, v in data["parts"].items()},
                   list(data.get("problems", [])), data.get("status", GRADED),
                   data.get("reason", ""))
