"""The `grade` verb: load the submission -> run the checks -> score; reporting is the caller's."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from .checks import CHECKS
from .diagnosis import Diagnoser
from .figures import Figure, figures
from .escape import clean
from .load import SubmissionUnreadable, execute, read_cells, reported, seed_submission_rngs
from .run import FAILED, NOT_RUN, CheckResult, result, run_checks
from .settings import SETTINGS
from .submission import LocalSubmission, Reference

GRADED, INCOMPLETE, UNREADABLE = "graded", "incomplete", "unreadable"


class ReferenceMissing(Exception):
    """The reference solution is not where the settings say: grading cannot happen."""


@dataclass
class Grading:
    submission: str
    results: list[CheckResult]
    problems: list[str] = field(default_factory=list)   # cells that raised while loading
    status: str = GRADED
    reason: str = ""          # why the submission was not (fully) graded, for the gradebook
    figures: list[Figure] = field(default_factory=list)   # pictures for the feedback report


@lru_cache(maxsize=4)
def reference(path: Path | None = None) -> Reference:
    """The reference solution, loaded once per process."""
    path = Path(path or SETTINGS.reference)
    if not path.is_file():
        raise ReferenceMissing(f"the reference solution is missing: {path} does not exist "
                               "(pass --reference or set NN_INTRO_REFERENCE)")
    loaded = execute(read_cells(path, solution_cells_only=True))
    if loaded.problems:
        raise ReferenceMissing(f"the reference solution {path} does not run: "
                               + "; ".join(loaded.problems))
    ref = Reference(loaded)
    ref.fingerprint = hashlib.sha256(path.read_bytes()).hexdigest()   # names cached outputs
    return ref


def unreadable(name: str, reason: str) -> Grading:
    """Every check failed for one reason: the submission could not be read at all."""
    reason = clean(reason, 500)
    results = [replace(result(check, FAILED, f"Not graded: {reason}"), lecture="", hint="")
               for check in CHECKS]
    return Grading(clean(name, 200), results, status=UNREADABLE, reason=reason)


def grade(path: Path, reference_path: Path | None = None, hidden: bool = True,
          isolate: bool | None = None, early=None) -> Grading:
    """Grade one submission file: in a sandboxed process unless `isolate` (or the settings) says
    not; `early`, a `worker.Early` the CLI started, becomes that process if it fits."""
    ref = reference(reference_path) if hidden else None
    path = Path(path)
    name = clean(path.name, 200)
    try:
        cells = read_cells(path)
    except SubmissionUnreadable as error:
        return unreadable(name, str(error))
    if not any(cell.source.strip() for cell in cells):
        return unreadable(name, f"{name} has no code in it (an empty submission)")
    diagnoser = Diagnoser(reference_path or SETTINGS.reference, ref) if hidden else None
    if not (SETTINGS.isolate if isolate is None else isolate):
        seed_submission_rngs()
        loaded = execute(cells)
        sub, logs = LocalSubmission(loaded), {}
        results = run_checks(sub, ref, diagnoser=diagnoser, logs=logs)
        return Grading(name, results, reported(loaded.problems),
                       figures=figures(sub, ref, results, logs))
    from .isolated import IsolatedSubmission
    with IsolatedSubmission(cells, SETTINGS.limits, early) as sub:
        problems, logs = sub.load(), {}
        results = run_checks(sub, ref, diagnoser=diagnoser, logs=logs)
        drawn = figures(sub, ref, results, logs)
    return _with_status(Grading(name, results, reported(problems), figures=drawn), sub.incidents)


def _with_status(grading: Grading, incidents: list[str]) -> Grading:
    """Say in one line, for the gradebook, what stopped part of the grading."""
    not_run = [r for r in grading.results if r.status == NOT_RUN]
    if not_run:
        grading.status = INCOMPLETE
        grading.reason = clean(f"{len(not_run)} checks not run: the time budget was used up"
                               + (f" ({incidents[0]})" if incidents else ""), 500)
    elif incidents:
        grading.reason = clean("; ".join(incidents[:3]), 500)
    return grading
