"""The grading pipeline, assembled in one place for every front end.

    load the submission -> run the checks (sandboxed) -> withhold unearned points -> name the
    misconceptions -> draw the pictures -> a `results.Grading`

`Pipeline(settings, assignment)` holds what grading one assignment under one set of settings
needs (its checks and pictures, its reference, loaded once per path, and the seed its searches
draw from); the CLI's `grade`, `grade-all` (local pool or Dask), `validate`, mutation testing,
the nbgrader test cells and the students' pytest plugin all grade through it. Reporting is the
caller's (`assignment.decide` tells which installed assignment a submission file is).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from ..report.escape import clean
from ..submission import LocalSubmission, Reference
from ..submission.files import SubmissionUnreadable
from ..submission.load import execute, read_cells, reported, seed_submission_rngs
from .assignment import Assignment
from .diagnosis import Diagnoser
from .results import FAILED, INCOMPLETE, NOT_RUN, UNREADABLE, Grading
from .run import (
    carry_forward_by_own,
    pending,
    result,
    run_check,
    run_checks,
    withhold_one,
)
from .settings import Settings


class ReferenceMissing(Exception):
    """The reference solution is not where the settings say: grading cannot happen."""


@lru_cache(maxsize=4)
def reference(path: Path) -> Reference:
    """The reference solution at `path`, loaded once per process and path."""
    path = Path(path)
    if not path.is_file():
        raise ReferenceMissing(f"the reference solution is missing: {path} does not exist "
                               "(pass --reference or set AUTOGRADER_REFERENCE)")
    loaded = execute(read_cells(path, solution_cells_only=True))
    if loaded.problems:
        raise ReferenceMissing(f"the reference solution {path} does not run: "
                               + "; ".join(loaded.problems))
    ref = Reference(loaded)
    ref.fingerprint = hashlib.sha256(path.read_bytes()).hexdigest()   # names cached outputs
    return ref


def unreadable(assignment: Assignment, name: str, reason: str) -> Grading:
    """Every check failed for one reason: the submission could not be read at all."""
    reason = clean(reason, 500)
    results = [replace(result(check, FAILED, f"Not graded: {reason}"), lecture="", hint="")
               for check in assignment.checks]
    return Grading(clean(name, 200), results, assignment.name, dict(assignment.parts),
                   status=UNREADABLE, reason=reason)


class Pipeline:
    """Grading `assignment` under one set of `settings`; `hidden=False` runs the public checks
    only (no reference needed: the students' own runs, `--public-only`)."""

    def __init__(self, settings: Settings, assignment: Assignment, hidden: bool = True):
        self.settings, self.assignment = settings, assignment
        self.reference_path = settings.reference_for(assignment)
        self.ref = reference(self.reference_path) if hidden else None

    def diagnoser(self) -> Diagnoser | None:
        """A fresh one per grading (`InParts`): it remembers what it found in earlier parts."""
        if self.ref is None:
            return None
        return Diagnoser(self.reference_path, self.ref,
                         self.assignment.catalogue_for(self.reference_path))

    def run(self, sub, checks=None, logs: dict | None = None):
        """The checks' results on an already loaded submission (a `Submission`), taken at once."""
        return InParts(self, sub, logs).take(self.assignment.checks if checks is None else checks)

    def check(self, check, sub, logs: dict | None = None):
        """One check's result (front ends that show results one at a time: the students'
        pytest, nbgrader's test cells, mutation testing's fail-fast runner)."""
        return run_check(check, sub, self.ref, logs, self.settings.seed)

    def stepwise(self, sub) -> Stepwise:
        """The checks one at a time, each as `run` would judge it among those run so far."""
        return Stepwise(self, sub)

    def grading(self, name: str, results, problems, sub, logs) -> Grading:
        """The grading of these results, with the assignment's pictures of the submission."""
        return Grading(name, results, self.assignment.name, dict(self.assignment.parts),
                       reported(problems), figures=self.assignment.figures(sub, self.ref,
                                                                            results, logs))

    def grade(self, path: Path, early=None) -> Grading:
        """Grade one submission file: in a sandboxed process unless the settings say not;
        `early`, a `worker.Early` the CLI started, becomes that process if it fits."""
        path = Path(path)
        name = clean(path.name, 200)
        try:
            cells = read_cells(path)
        except SubmissionUnreadable as error:
            return unreadable(self.assignment, name, str(error))
        if not any(cell.source.strip() for cell in cells):
            return unreadable(self.assignment, name,
                              f"{name} has no code in it (an empty submission)")
        if not self.settings.isolate:
            seed_submission_rngs()
            loaded = execute(cells)
            sub, logs = LocalSubmission(loaded), {}
            return self.grading(name, self.run(sub, logs=logs), loaded.problems, sub, logs)
        from ..sandbox.isolated import IsolatedSubmission
        with IsolatedSubmission(cells, self.settings.limits, early) as sub:
            problems, logs = sub.load(), {}
            grading = self.grading(name, self.run(sub, logs=logs), problems, sub, logs)
        return _with_status(grading, sub.incidents)


class InParts:
    """A grading taken a part at a time, in order (`run` takes every check at once; nbgrader's
    test cells graded in a kernel take a part per cell): `take(checks)` judges those checks as
    one grading of them and of every check taken before would, without running those again.
    """

    def __init__(self, pipeline: Pipeline, sub, logs: dict | None = None):
        self.pipeline, self.sub = pipeline, sub
        self.logs = {} if logs is None else logs
        self.diagnoser = pipeline.diagnoser()     # it remembers what it found in earlier parts
        self.taken: list = []                     # (check, result), in the order taken

    def take(self, checks) -> list:
        settings, assignment = self.pipeline.settings, self.pipeline.assignment
        results = run_checks(self.sub, self.pipeline.ref, checks, self.diagnoser, self.logs,
                             seed=settings.seed, before=self.taken,
                             lends=assignment.lends if settings.carry_forward else None)
        self.taken += zip(checks, results)
        return results


class Stepwise:
    """A grading one check at a time, for the front ends that show each result as it comes
    without the reference (the students' pytest, a check per test; nbgrader's test cells, a
    part's public checks per cell). `result(check)` is the check's verdict as `Pipeline.run`
    gives it without the reference: error carried forward by the part's own self-checks, then
    points withheld until the values they rest on are right. A public check a verdict rests on
    that has not run yet runs then, once; a hidden check waits for grading."""

    def __init__(self, pipeline: Pipeline, sub):
        self.pipeline, self.sub = pipeline, sub
        self.done: dict = {}           # results by check id, in the order they ran

    def result(self, check):
        r = self._result_of(check)
        if r is None:
            return pending(check)
        assignment = self.pipeline.assignment
        if (self.pipeline.ref is None and self.pipeline.settings.carry_forward
                and assignment.lends):
            carry_forward_by_own(check, r, assignment.checks, assignment.lends,
                                 self._result_of)
        earners = [self._result_of(c) for c in assignment.checks if c.id in check.earned_by]
        withhold_one(check, r, [e for e in earners if e is not None])
        return r

    def _result_of(self, check):
        """The check's result in this run, run now if need be; None for a hidden check that
        did not run (it waits for grading)."""
        if check.id not in self.done and not (check.hidden and self.pipeline.ref is None):
            self.done[check.id] = self.pipeline.check(check, self.sub)
        return self.done.get(check.id)


def _with_status(grading: Grading, incidents: list[str]) -> Grading:
    """Say in one line, for the gradebook, what stopped part of the grading."""
    not_run = [r for r in grading.results if r.status == NOT_RUN]
    if not_run:
        grading.status = INCOMPLETE
        grading.reason = clean(f"{len(not_run)} checks not run: the time budget was used up"
                               + (f" ({incidents[0]})" if incidents else ""), 500)
    elif incidents:
        counted = {i: incidents.count(i) for i in dict.fromkeys(incidents)}  # said once each
        grading.reason = clean("; ".join(i + (f" ({n} times)" if n > 1 else "")
                                         for i, n in list(counted.items())[:3]), 500)
    return grading
