"""Run the declared checks against a submission: check declarations in, plain results out."""

from __future__ import annotations

from dataclasses import dataclass

from .checks import CHECKS, Check, Fail, number
from .checks.base import CrashedCall
from .diagnosis import Diagnoser, Recorder, called
from .escape import clean
from .misconceptions import Misconception
from .submission import MissingName, NotImplementedYet, OutOfTime, StudentError
from .values import WrongValue

PASSED, FAILED, NOT_IMPLEMENTED = "passed", "failed", "not implemented"
HIDDEN_PENDING, NOT_RUN = "runs at grading", "not run"


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

    @property
    def diagnosis(self) -> str:
        """The id of the misconception that explains the failure ("" when none does)."""
        return self.misconception.id if self.misconception else ""

    @property
    def output(self) -> str:
        """The feedback as plain text (results.json, the terminal, nbgrader's cells)."""
        return feedback_text(self)


def result(check: Check, status: str, message: str = "", *, calls: tuple = (),
           crashed: bool = False) -> CheckResult:
    """The plain result of one check: full points when it passed, none otherwise."""
    return CheckResult(check.id, number(check), check.part, check.title, check.visibility,
                       check.points, check.points if status == PASSED else 0.0, status,
                       clean(message, MESSAGE_LIMIT).rstrip("."), check.lecture, check.hint,
                       calls=calls, crashed=crashed)


def feedback_text(r: CheckResult) -> str:
    if r.status == PASSED:
        return "Passed."
    if r.status == HIDDEN_PENDING:
        return "Hidden check: runs when your submission is graded."
    if r.status == NOT_IMPLEMENTED:
        return f"Not implemented yet: {r.message}. Lecture: {r.lecture}."
    if r.status == NOT_RUN:
        return f"Not run: {r.message}."
    found = r.misconception
    if found is not None:
        return (f"{r.message}.\nLikely misconception: {found.title}. {found.likely}\n"
                f"Lecture: {found.lecture}.\nHint: {found.hint}")
    return f"{r.message}." + "".join(f"\n{label}: {text}" for label, text in
                                      (("Lecture", f"{r.lecture}."), ("Hint", r.hint)) if text)


def run_check(check: Check, sub, ref, logs: dict | None = None) -> CheckResult:
    """Run one check; with `logs`, keep what it asked of the submission (for diagnosis and the
    report's pictures)."""
    recorder, crashed = Recorder(sub), False
    try:
        check.run(recorder, ref)
        if ref is not None and check.beyond is not None:
            confirm(check, recorder, ref)
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
    return result(check, status, message, calls=called(recorder.log), crashed=crashed)


def confirm(check: Check, sub, ref) -> None:
    """At grading, a passed check of a worked number also asks the same function beyond the
    lecture's inputs: the lecture's answer alone (hard-coded, say) earns nothing."""
    try:
        check.beyond(sub, ref)
    except CrashedCall:
        raise
    except Fail as error:
        raise Fail(f"The lecture's example passes, but not beyond it: {error}. These points "
                   "are earned when the function also holds on inputs other than the "
                   "lecture's (a hard-coded answer does not)") from None


def pending(check: Check) -> CheckResult:
    """A hidden check that this run does not execute (students' local runs)."""
    return result(check, HIDDEN_PENDING)


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
    withhold(checks, results)
    if diagnoser is not None:
        diagnose(checks, results, logs, diagnoser)
    return results


def withhold(checks: list[Check], results: list[CheckResult]) -> None:
    """A passed check with `earned_by` keeps its points only when one of those checks (of the
    same function's values) passed too; while they wait for grading (students' runs), it keeps
    them until then."""
    by_id = {r.id: r for r in results}
    for check, r in zip(checks, results):
        earners = [by_id[i] for i in check.earned_by if i in by_id]
        if r.status != PASSED or not earners or any(
                e.status in (PASSED, HIDDEN_PENDING) for e in earners):
            continue
        named = ", ".join(e.number for e in earners)
        r.status, r.score = FAILED, 0.0
        r.message = (f"Not credited: this holds, but the values it rests on are wrong (checks "
                     f"{named} did not pass), and a function that computes nothing has this "
                     "property too; its points come with right values")


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
            r.misconception = found
