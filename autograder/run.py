"""Run the declared checks against a submission: check declarations in, plain results out."""

from __future__ import annotations

from dataclasses import dataclass

from .checks import CHECKS, Check, Fail, number
from .submission import MissingName, NotImplementedYet, OutOfTime, StudentError
from .values import WrongValue

PASSED, FAILED, NOT_IMPLEMENTED = "passed", "failed", "not implemented"
HIDDEN_PENDING, NOT_RUN = "runs at grading", "not run"


@dataclass
class CheckResult:
    id: str
    number: str
    part: int
    title: str
    visibility: str
    max_score: float
    score: float
    status: str
    output: str


def result(check: Check, status: str, output: str) -> CheckResult:
    """The plain result of one check: full points when it passed, none otherwise."""
    return CheckResult(check.id, number(check), check.part, check.title, check.visibility,
                       check.points, check.points if status == PASSED else 0.0, status, output)


def feedback(check: Check, status: str, message: str) -> str:
    if status == PASSED:
        return "Passed."
    if status == NOT_IMPLEMENTED:
        return f"Not implemented yet: {message}. Lecture: {check.lecture}."
    if status == NOT_RUN:
        return f"Not run: {message}."
    return f"{message}.\nLecture: {check.lecture}.\nHint: {check.hint}"


def run_check(check: Check, sub, ref) -> CheckResult:
    try:
        check.run(sub, ref)
        status, message = PASSED, ""
    except NotImplementedYet as error:
        status, message = NOT_IMPLEMENTED, str(error)
    except OutOfTime as error:
        status, message = NOT_RUN, str(error)
    except MissingName as error:
        status, message = FAILED, f"{error} (the contract requires it)"
    except Fail as error:
        status, message = FAILED, str(error)
    except (StudentError, WrongValue) as error:
        status, message = FAILED, f"your code failed: {error}"
    return result(check, status, feedback(check, status, message.rstrip(".")))


def pending(check: Check) -> CheckResult:
    """A hidden check that this run does not execute (students' local runs)."""
    return result(check, HIDDEN_PENDING, "Hidden check: runs when your submission is graded.")


def run_checks(sub, ref=None, checks: list[Check] | None = None) -> list[CheckResult]:
    """Every check in order; hidden checks run only when the reference `ref` is given."""
    results = []
    for check in CHECKS if checks is None else checks:
        if check.hidden and ref is None:
            results.append(pending(check))
        else:
            results.append(run_check(check, sub, ref))
    return results
