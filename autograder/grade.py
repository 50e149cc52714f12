"""The `grade` verb: load the submission -> run the checks -> score; reporting is the caller's."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .checks import CHECKS
from .load import SubmissionUnreadable, execute, load, read_cells
from .run import FAILED, CheckResult, result, run_checks
from .settings import SETTINGS
from .submission import LocalSubmission, Reference

GRADED, UNREADABLE = "graded", "unreadable"


class ReferenceMissing(Exception):
    """The reference solution is not where the settings say: grading cannot happen."""


@dataclass
class Grading:
    submission: str
    results: list[CheckResult]
    problems: list[str] = field(default_factory=list)   # cells that raised while loading
    status: str = GRADED
    reason: str = ""


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
    return Reference(loaded)


def unreadable(name: str, reason: str) -> Grading:
    """Every check failed for one reason: the submission could not be read at all."""
    results = [result(check, FAILED, f"Not graded: {reason}.") for check in CHECKS]
    return Grading(name, results, status=UNREADABLE, reason=reason)


def grade(path: Path, reference_path: Path | None = None, hidden: bool = True) -> Grading:
    ref = reference(reference_path) if hidden else None
    path = Path(path)
    try:
        loaded = load(path)
    except SubmissionUnreadable as error:
        return unreadable(path.name, str(error))
    sub = LocalSubmission(loaded)
    return Grading(path.name, run_checks(sub, ref), loaded.problems)
