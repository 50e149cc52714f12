"""The kit's checks inside a notebook: what nbgrader's test cells call.

    from autograder.notebook import grade_part
    part1 = grade_part("<name>", 1, globals())   # the assignment's part 1: public checks
    part1.run_hidden()                    # in nbgrader's hidden-test block: the hidden ones
    part1.points                          # the cell's value: nbgrader's partial credit

In a student's kernel, a cell's public checks run one at a time as the students' pytest runs
them (`Pipeline.stepwise`). Where the reference is at hand (nbgrader grading in a kernel, the
instructor's notebook), the cells are one grading (`InParts`), taken a part at a time, its
public checks and then its hidden ones: confirmations beyond the lecture's inputs, error
carried forward with the reference's functions lent, withheld points and misconceptions give
every cell the points `autograder grade` gives its part. Feedback goes to stdout only:
nbgrader gives a test cell 0 points for any output on stderr.
In a kernel (students' own runs; `nbgrader autograde` grades in the sandbox instead, see
`nbgrading.py`), student code runs in-process; each call is stopped after the settings'
call limit, and a cell's checks stop after `CELL_BUDGET` seconds, before nbgrader's own cell
timeout (`nbgrader_config.py`) would zero the whole cell.
"""

from __future__ import annotations

import os
from typing import NamedTuple

from .grading.assignment import Assignment, default, named
from .grading.results import PASSED, CheckResult, explained_earlier, feedback_text
from .grading.settings import Settings
from .report.escape import terminal
from .report.text import points
from .submission import LocalSubmission
from .submission.load import Loaded

CELL_BUDGET = 40.0      # seconds of student code per test cell; nbgrader's cell timeout is 60


class ChecksFailed(AssertionError):
    """Under `nbgrader validate`: a test cell whose checks did not all pass."""


class PartGrader:
    def __init__(self, assignment: Assignment, part: int, namespace: dict):
        self.assignment, self.part, self.namespace = assignment, part, namespace
        self.settings = Settings.from_environment()
        self.results: list[CheckResult] = []
        self.validating = bool(os.environ.get("NBGRADER_VALIDATING"))    # set by nbgrader

    def run_public(self) -> PartGrader:
        """The part's public checks. Where the reference is at hand (nbgrader grading in a
        kernel, the instructor's notebook), as the first half of this part of one grading of
        the notebook (`_grading`); elsewhere (a student's kernel) one at a time, as the
        students' pytest runs them (`Pipeline.stepwise`)."""
        hidden = self.assignment.part_points(self.part, "hidden")
        print(f"Part {self.part} — {self.assignment.parts[self.part]}: public checks"
              + (f" ({points(hidden)} more points of hidden checks run at grading)"
                 if hidden else ""))
        public = [c for c in self.assignment.checks if c.part == self.part and not c.hidden]
        if self.settings.reference_for(self.assignment).is_file():
            grading = _grading(self.assignment, self.part, self.namespace, self.settings,
                               cell_starts=True)
            self.results = self._take(grading, public)
        else:
            from .grading.pipeline import Pipeline
            sub = LocalSubmission(Loaded(self.namespace),  # a function mended is called afresh
                                  call_seconds=self.settings.limits.call_seconds,
                                  budget_seconds=CELL_BUDGET)
            run = Pipeline(self.settings, self.assignment, hidden=False).stepwise(sub)
            self.results = [run.result(check) for check in public]
        seen = explained_earlier(self.results)
        for r in self.results:
            print("\n".join(check_lines(r, seen.get(r.number, ""))))
        return self

    def run_hidden(self) -> PartGrader:
        """At grading: the part's hidden checks, as the rest of this part of one grading of the
        notebook, so the part gets the points `autograder grade` gives it (what an earlier
        part's mistake causes here is carried forward as it is there). The public checks'
        verdicts are shown again where the hidden ones changed them."""
        print(f"Part {self.part}: hidden checks")
        grading = _grading(self.assignment, self.part, self.namespace, self.settings)
        shown = {r.id: (r.status, r.output) for r in self.results}
        self._take(grading, [c for c in self.assignment.checks
                             if c.part == self.part and c.hidden])
        done = {check.id: r for check, r in grading.taken}
        self.results = [done[c.id] for c in self.assignment.checks if c.part == self.part]
        seen = explained_earlier(self.results)
        for r in self.results:
            if r.id not in shown:
                print("\n".join(check_lines(r, seen.get(r.number, ""))))
            elif (r.status, r.output) != shown[r.id]:
                changed = r.status != shown[r.id][0]     # then its message is new too
                print(f"  [{r.number}], seen with the hidden checks: "
                      f"{points(r.score)} / {points(r.max_score)}")
                text = feedback_text(r, seen.get(r.number, ""))
                for line in terminal(text).splitlines()[0 if changed else 1:]:
                    print(f"         {line}")
        return self

    def _take(self, grading, checks: list) -> list[CheckResult]:
        """These checks, as the next ones of the grading; first, any of an earlier part or
        of this one the grading has not taken (its cell, or its public block, is gone)."""
        skip = {check.id for check, _ in grading.taken} | {c.id for c in checks}
        grading.take([c for c in self.assignment.checks if c.part <= self.part
                      and c.id not in skip and (c.part < self.part or not c.hidden)])
        return grading.take(checks)

    @property
    def points(self) -> float:
        """The cell's value: the points its checks earned (nbgrader's partial credit). Under
        `nbgrader validate` (Jupyter's Validate button), where only the public checks run and
        a value below the cell's points reads as "you WILL NOT receive full credit": the
        cell's full points when every check it ran passed, else an error naming the checks
        that failed, so validation fails on them and only on them."""
        if not self.validating:
            return sum(r.score for r in self.results)
        failed = [r.number for r in self.results if r.status != PASSED]
        if failed:
            raise ChecksFailed(f"check{'s' if len(failed) > 1 else ''} {', '.join(failed)} of "
                               f"part {self.part} did not pass: the output above says why")
        return self.assignment.part_points(self.part)


class _KernelGrading(NamedTuple):
    namespace: dict         # the kernel's code (held, so its id stays its own)
    grading: object         # `pipeline.InParts`
    part: int               # the part whose cell started last


_GRADINGS: dict[tuple[str, int], _KernelGrading] = {}


def _grading(assignment: Assignment, part: int, namespace: dict, settings: Settings,
             cell_starts: bool = False):
    """The grading of this kernel's code, where the reference is at hand (nbgrader grading in a
    kernel; the instructor's own notebook): its cells in order, each a part, as one grading.
    One handle on the code serves the public and hidden blocks of every cell, so a function
    that ran out of time twice is not waited for again in the next block or cell, as in one
    `autograder grade`. A cell starting at a part not after the last one started (a cell run
    again) starts a new grading; each cell has its own time budget."""
    key = (assignment.name, id(namespace))
    entry = _GRADINGS.get(key)
    if (entry is None or entry.namespace is not namespace
            or (cell_starts and part <= entry.part)):
        from .grading.pipeline import InParts, Pipeline
        sub = LocalSubmission(Loaded(namespace), call_seconds=settings.limits.call_seconds,
                              budget_seconds=CELL_BUDGET)
        entry = _KernelGrading(namespace, InParts(Pipeline(settings, assignment), sub), part)
    if cell_starts:
        entry.grading.sub.spent = 0.0
        entry = entry._replace(part=part)
    _GRADINGS[key] = entry
    return entry.grading


def check_lines(r: CheckResult, seen: str = "") -> list[str]:
    """A check's verdict as a test cell shows it: PASS/FAIL, and what failed and why (control
    characters a submission put in a message shown as escapes, as on a terminal). `seen`: an
    earlier check of the cell already explaining the same misconception."""
    mark = "PASS" if r.status == PASSED else "FAIL"
    lines = [f"  {mark} [{r.number}] {r.title}  ({points(r.score)} / {points(r.max_score)})"]
    if r.status != PASSED or r.carried_from:
        lines += [f"         {line}" for line in terminal(feedback_text(r, seen)).splitlines()]
    return lines


def grade_part(*args) -> PartGrader:
    """`grade_part(name, part, namespace)`; `grade_part(part, namespace)` grades the default
    assignment (the test cells of releases made before assignments had names)."""
    if isinstance(args[0], str):
        name, part, namespace = args
        assignment = named(name)
    else:
        (part, namespace), assignment = args, default()
    return PartGrader(assignment, part, namespace).run_public()
