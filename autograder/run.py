"""Run the declared checks against a submission: check declarations in, plain results out."""

from __future__ import annotations

from dataclasses import dataclass

from .checks import CHECKS, Check, Fail, number
from .checks.base import CrashedCall
from .diagnosis import Diagnoser, Recorder, called
from .misconceptions import Misconception
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
    diagnosis: str = ""       # the id of the misconception that explains the failure, if any
    calls: tuple = ()         # names of the submission's functions the check called
    message: str = ""         # what failed, before the lecture step and hint are added
    crashed: bool = False     # a call hung or ended the submission's process


def result(check: Check, status: str, output: str, *, calls: tuple = (), message: str = "",
           crashed: bool = False) -> CheckResult:
    """The plain result of one check: full points when it passed, none otherwise."""
    return CheckResult(check.id, number(check), check.part, check.title, check.visibility,
                       check.points, check.points if status == PASSED else 0.0, status, output,
                       calls=calls, message=message, crashed=crashed)


def feedback(check: Check, status: str, message: str, found: Misconception | None = None) -> str:
    if status == PASSED:
        return "Passed."
    if status == NOT_IMPLEMENTED:
        return f"Not implemented yet: {message}. Lecture: {check.lecture}."
    if status == NOT_RUN:
        return f"Not run: {message}."
    if found is not None:
        return (f"{message}.\nLikely misconception: {found.title}. {found.likely}\n"
                f"Lecture: {found.lecture}.\nHint: {found.hint}")
    return f"{message}.\nLecture: {check.lecture}.\nHint: {check.hint}"


def run_check(check: Check, sub, ref, logs: dict | None = None) -> CheckResult:
    """Run one check; with `logs`, keep what it asked of the submission (for diagnosis and the
    report's pictures)."""
    recorder, crashed = Recorder(sub), False
    try:
        check.run(recorder, ref)
        status, message = PASSED, ""
    except NotImplementedYet as error:
        status, message = NOT_IMPLEMENTED, str(error)
    except OutOfTime as error:
        status, message = NOT_RUN, str(error)
    except MissingName as error:
        status, message = FAILED, f"{error} (the contract requires it)"
    except Fail as error:
        status, message = FAILED, str(error)
        crashed = isinstance(error, CrashedCall)
    except (StudentError, WrongValue) as error:
        status, message = FAILED, f"your code failed: {error}"
    if logs is not None and not crashed:
        logs[check.id] = recorder.log
    message = message.rstrip(".")
    return result(check, status, feedback(check, status, message), calls=called(recorder.log),
                  message=message, crashed=crashed)


def pending(check: Check) -> CheckResult:
    """A hidden check that this run does not execute (students' local runs)."""
    return result(check, HIDDEN_PENDING, "Hidden check: runs when your submission is graded.")


def run_checks(sub, ref=None, checks: list[Check] | None = None,
               diagnoser: Diagnoser | None = None, logs: dict | None = None) -> list[CheckResult]:
    """Every check in order; hidden checks run only when the reference `ref` is given; failed
    checks are explained by the `diagnoser`'s catalogue of misconceptions when one fits.
    `logs`, when given, receives what each check asked of the submission."""
    checks = CHECKS if checks is None else checks
    results = []
    logs = {} if logs is None else logs
    for check in checks:
        if check.hidden and ref is None:
            results.append(pending(check))
        else:
            results.append(run_check(check, sub, ref, logs))
    if diagnoser is not None:
        diagnose(checks, results, logs, diagnoser)
    return results


def diagnose(checks: list[Check], results: list[CheckResult], logs: dict,
             diagnoser: Diagnoser) -> None:
    """Name the misconception behind each failed check where one explains its values and is
    consistent with everything else the submission did in that part."""
    for check, r in zip(checks, results):
        if r.status != FAILED or r.id not in logs:
            continue
        part_logs = [logs[x.id] for x in results if x.part == r.part and x.id in logs]
        found = diagnoser.explain(r.part, logs[r.id], part_logs)
        if found is not None:
            r.diagnosis = found.id
            r.output = feedback(check, r.status, r.message, found)
