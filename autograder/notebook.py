"""The kit's checks inside a notebook: what nbgrader's test cells call.

    from autograder.notebook import grade_part
    part1 = grade_part("<name>", 1, globals())   # the assignment's part 1: public checks
    part1.run_hidden()                    # in nbgrader's hidden-test block: the hidden ones
    part1.points                          # the cell's value: nbgrader's partial credit

At grading (the hidden block), failed checks of the part, public ones included, are diagnosed
with the catalogue of misconceptions, as `autograder grade` does. Feedback goes to stdout
only: nbgrader gives a test cell 0 points for any output on stderr.
In a kernel (students' own runs; `nbgrader autograde` grades in the sandbox instead, see
`nbgrading.py`), student code runs in-process; each call is stopped after the settings'
call limit, and a cell's checks stop after `CELL_BUDGET` seconds, before nbgrader's own cell
timeout (`nbgrader_config.py`) would zero the whole cell.
"""

from __future__ import annotations

import os

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
        self.assignment, self.part = assignment, part
        self.settings = Settings.from_environment()
        self.sub = LocalSubmission(Loaded(namespace),
                                   call_seconds=self.settings.limits.call_seconds,
                                   budget_seconds=CELL_BUDGET)
        self.results: list[CheckResult] = []
        self.checks: list = []
        self.logs: dict = {}
        self.validating = bool(os.environ.get("NBGRADER_VALIDATING"))    # set by nbgrader

    def _run(self, visibility: str, pipeline) -> "PartGrader":
        checks = [c for c in self.assignment.checks
                  if c.part == self.part and c.visibility == visibility]
        results = [pipeline.check(check, self.sub, self.logs) for check in checks]
        self.checks += checks
        self.results += results
        done = {c.id: r for c, r in zip(self.checks, self.results)}   # and what settle runs
        for check, r in zip(checks, results):
            pipeline.settle(check, r, self.sub, done)
        grading = pipeline.ref is not None
        if grading:                # as `autograder grade` judges, public checks included
            before = {r.id: (r.status, r.output) for r in self.results}
            self._confirm_public(pipeline)
            pipeline.judge(self.checks, self.results, self.logs)
        seen = explained_earlier(self.results)
        for r in results:
            print("\n".join(check_lines(r, seen.get(r.number, ""))))
        if grading:
            for r in self.results:
                if r not in results and (r.status, r.output) != before[r.id]:
                    changed = r.status != before[r.id][0]     # then its message is new too
                    print(f"  [{r.number}], seen with the hidden checks: "
                          f"{points(r.score)} / {points(r.max_score)}")
                    text = feedback_text(r, seen.get(r.number, ""))
                    for line in terminal(text).splitlines()[0 if changed else 1:]:
                        print(f"         {line}")
        return self

    def _confirm_public(self, pipeline) -> None:
        """The public checks' worked numbers must also hold beyond the lecture's inputs."""
        for i, (check, r) in enumerate(zip(self.checks, self.results)):
            if check.beyond is not None and r.status == PASSED:
                self.results[i] = pipeline.check(check, self.sub, self.logs)

    def run_public(self) -> "PartGrader":
        hidden = self.assignment.part_points(self.part, "hidden")
        print(f"Part {self.part} — {self.assignment.parts[self.part]}: public checks"
              + (f" ({points(hidden)} more points of hidden checks run at grading)" if hidden else ""))
        from .grading.pipeline import Pipeline
        return self._run("public", Pipeline(self.settings, self.assignment, hidden=False))

    def run_hidden(self) -> "PartGrader":
        from .grading.pipeline import Pipeline
        print(f"Part {self.part}: hidden checks")
        return self._run("hidden", Pipeline(self.settings, self.assignment))

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
