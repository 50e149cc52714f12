"""The kit's checks inside a notebook: what nbgrader's test cells call.

    from autograder.notebook import grade_part
    part1 = grade_part("<name>", 1, globals())   # the assignment's part 1: public checks
    part1.run_hidden()                    # in nbgrader's hidden-test block: the hidden ones
    part1.points                          # the cell's value: nbgrader's partial credit

A cell's public checks run one at a time as the students' pytest runs them
(`Pipeline.stepwise`). At grading (the hidden block), the part is judged as `autograder grade`
judges it: the cells' hidden blocks take their parts in order as one grading (`InParts`), so
confirmations beyond the lecture's inputs, error carried forward with the reference's
functions lent, withheld points and misconceptions give every cell the points `autograder
grade` gives its part. Feedback goes to stdout only: nbgrader gives a test cell 0 points for
any output on stderr.
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
        self.assignment, self.part, self.namespace = assignment, part, namespace
        self.settings = Settings.from_environment()
        self.results: list[CheckResult] = []
        self.validating = bool(os.environ.get("NBGRADER_VALIDATING"))    # set by nbgrader

    def run_public(self) -> PartGrader:
        """The part's public checks, one at a time, as the students' pytest runs them."""
        hidden = self.assignment.part_points(self.part, "hidden")
        print(f"Part {self.part} — {self.assignment.parts[self.part]}: public checks"
              + (f" ({points(hidden)} more points of hidden checks run at grading)" if hidden else ""))
        from .grading.pipeline import Pipeline
        sub = LocalSubmission(Loaded(self.namespace),
                              call_seconds=self.settings.limits.call_seconds,
                              budget_seconds=CELL_BUDGET)
        run = Pipeline(self.settings, self.assignment, hidden=False).stepwise(sub)
        self.results = [run.result(check) for check in self.assignment.checks
                        if check.part == self.part and not check.hidden]
        self._show(self.results)
        return self

    def run_hidden(self) -> PartGrader:
        """At grading: the part judged as `autograder grade` judges it, as the next part of
        one grading of the notebook (`InParts`), so what an earlier part's mistake causes here
        is carried forward as it is there; the public checks' new verdicts are shown where
        they differ from what the cell showed first."""
        print(f"Part {self.part}: hidden checks")
        grading = _grading(self.assignment, self.part, self.namespace, self.settings)
        grading.sub.spent = 0.0                    # each cell its own budget
        taken = {check.id for check, _ in grading.taken}
        grading.take([c for c in self.assignment.checks        # a part whose cell is gone too
                      if c.part < self.part and c.id not in taken])
        results = grading.take([c for c in self.assignment.checks if c.part == self.part])
        seen = explained_earlier(results)
        before = {r.id: (r.status, r.output) for r in self.results}
        for r in results:
            if r.id not in before:
                print("\n".join(check_lines(r, seen.get(r.number, ""))))
            elif (r.status, r.output) != before[r.id]:
                changed = r.status != before[r.id][0]     # then its message is new too
                print(f"  [{r.number}], seen with the hidden checks: "
                      f"{points(r.score)} / {points(r.max_score)}")
                text = feedback_text(r, seen.get(r.number, ""))
                for line in terminal(text).splitlines()[0 if changed else 1:]:
                    print(f"         {line}")
        self.results = results
        return self

    def _show(self, results: list[CheckResult]) -> None:
        seen = explained_earlier(results)
        for r in results:
            print("\n".join(check_lines(r, seen.get(r.number, ""))))

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


_GRADINGS: dict[tuple[str, int], tuple] = {}


def _grading(assignment: Assignment, part: int, namespace: dict, settings: Settings):
    """The grading of this kernel's code whose hidden blocks run in order, one part at a time
    (a cell run again, or a part not after the last one, starts a new grading). One handle on
    the code for all of them: a function that ran out of time in part 2 is not waited for again
    in each later cell."""
    key = (assignment.name, id(namespace))
    if key not in _GRADINGS or _GRADINGS[key][0] is not namespace or part <= _GRADINGS[key][2]:
        from .grading.pipeline import InParts, Pipeline
        sub = LocalSubmission(Loaded(namespace), call_seconds=settings.limits.call_seconds,
                              budget_seconds=CELL_BUDGET)
        _GRADINGS[key] = (namespace, InParts(Pipeline(settings, assignment), sub), part)
    namespace, grading, _ = _GRADINGS[key]
    _GRADINGS[key] = (namespace, grading, part)
    return grading


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
