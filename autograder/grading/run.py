"""Run the declared checks against a submission: check declarations in, plain results out."""

from __future__ import annotations

from ..report.escape import clean
from ..submission import GraderError, MissingName, NotImplementedYet, OutOfTime, StudentError
from ..submission.values import WrongValue
from .checks import Check, Fail
from .checks.base import CrashedCall, Raised
from .checks.strategies import seeded
from .diagnosis import Diagnoser, Recorder, called
from .results import (
    FAILED,
    HIDDEN_PENDING,
    MESSAGE_LIMIT,
    NOT_IMPLEMENTED,
    NOT_RUN,
    PASSED,
    CheckResult,
)
from .settings import DEFAULT_SEED

RAISED = ("Your code raised an exception before it gave a value: the message above names it "
          "and where; mend that first, then this check can judge the values")


def result(check: Check, status: str, message: str = "", *, calls: tuple = (),
           crashed: bool = False, raised: bool = False) -> CheckResult:
    """The plain result of one check: full points when it passed, none otherwise. When the
    submission's code `raised`, the hint says so (the check's own is about wrong values)."""
    return CheckResult(check.id, check.number, check.part, check.title, check.visibility,
                       check.points, check.points if status == PASSED else 0.0, status,
                       clean(message, MESSAGE_LIMIT).rstrip("."), check.lecture,
                       RAISED if raised else check.hint, calls=calls, crashed=crashed)


def run_check(check: Check, sub, ref, logs: dict | None = None,
              seed: int = DEFAULT_SEED) -> CheckResult:
    """Run one check, its searches drawing from `seed`; with `logs`, keep what it asked of the
    submission (for diagnosis and the report's pictures)."""
    recorder, crashed, raised = Recorder(sub), False, False
    try:
        with seeded(seed):
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
        crashed, raised = isinstance(error, CrashedCall), isinstance(error, Raised)
    except (StudentError, WrongValue) as error:
        status, message = FAILED, f"your code failed: {error}"
        raised = isinstance(error, StudentError)
    except GraderError:                 # the reference failed: the grader's fault, not theirs
        raise
    except Exception as error:  # noqa: BLE001 - what a submission sent back, read as it says
        status, message = FAILED, ("the grader could not read what your code returned "
                                   f"({type(error).__name__}: {error})")
    if logs is not None and not crashed:
        logs[check.id] = recorder.log
    return result(check, status, message, calls=called(recorder.log), crashed=crashed,
                  raised=raised)


def confirm(check: Check, sub, ref) -> None:
    """At grading, a passed check of a worked number also asks the same function beyond the
    lecture's inputs: the lecture's answer alone (hard-coded, say) earns nothing."""
    try:
        check.beyond(sub, ref)
    except CrashedCall:
        raise
    except Fail as error:
        kind = Raised if isinstance(error, Raised) else Fail
        raise kind(f"The lecture's example passes, but not beyond it: {error}. These points "
                   "are earned when the function also holds on inputs other than the "
                   "lecture's (a hard-coded answer does not)") from None


def pending(check: Check) -> CheckResult:
    """A hidden check that this run does not execute (students' local runs)."""
    return result(check, HIDDEN_PENDING)


def run_checks(sub, ref, checks, diagnoser: Diagnoser | None = None, logs: dict | None = None,
               seed: int = DEFAULT_SEED, lends: dict | None = None,
               before: list | tuple = ()) -> list[CheckResult]:
    """Every check in order; hidden checks run only when the reference `ref` is given; a failed
    check of a later part is run again with the earlier parts' functions `lends` lent (error
    carried forward); failed checks are explained by the `diagnoser`'s catalogue of
    misconceptions when one fits. `logs`, when given, receives what each check asked of the
    submission. `before`: (check, result) pairs this grading judged already (nbgrader's
    earlier test cells, a part's public block): they count as run and are not run again, and
    one of them whose points rest on these checks' values is judged again with them."""
    results = []
    logs = {} if logs is None else logs
    for check in checks:
        if check.hidden and ref is None:
            results.append(pending(check))
        else:
            results.append(run_check(check, sub, ref, logs, seed))
    every_check = [*(c for c, _ in before), *checks]
    every_result = [*(r for _, r in before), *results]
    failed_before = {r.id for _, r in before if r.status == FAILED}
    if lends and ref is not None:
        carry_forward(every_check, every_result, sub, ref, lends, seed, start=len(before))
    elif lends:
        by_id = {c.id: r for c, r in zip(checks, results)}
        for check, r in zip(checks, results):
            carry_forward_by_own(check, r, checks, lends, lambda c: by_id.get(c.id))
    withhold(every_check, every_result)
    if diagnoser is not None:          # each failure once: the new ones, and those withheld now
        diagnose(every_check, every_result, logs, diagnoser, skip=failed_before)
    return results


def carry_forward(checks, results: list[CheckResult], sub, ref, lends: dict,
                  seed: int = DEFAULT_SEED, start: int = 0) -> None:
    """Error carried forward (`carry.py`): each failed check of a part that declares lends,
    after a failed check of an earlier part, is run again with the functions it may call of
    the parts that failed lent (the others would answer as the student's own do). When it
    passes then, and a lent function was called and answered differently from the
    submission's own, it keeps its points and names the earlier check its failure follows
    from. Re-runs come after every first run, so nothing a re-run shows the submission can
    change a verdict made without lending."""
    from .carry import Oracle

    # the parts that failed before anything was carried (`start`: the checks before it were
    # judged, and carried, by an earlier call of this grading)
    failed = {x.part for x in results if x.status == FAILED or x.carried_from}
    for check, r in list(zip(checks, results))[start:]:
        specs = [s for s in lends.get(check.part, ()) if s.part in failed]
        earlier = [x for x in results if x.part < check.part and x.status == FAILED]
        if r.status != FAILED or r.crashed or not r.max_score or not specs or not earlier:
            continue
        oracle = Oracle(ref, specs, sub.made_with)
        with sub.lending(specs, oracle):
            again = run_check(check, sub, ref, None, seed)
        if again.status != PASSED or not oracle.differed:
            continue
        parts = {s.part for s in specs if s.qualname in oracle.differed}
        roots = [x for x in earlier if x.part in parts] or earlier
        names = ", ".join(sorted(oracle.differed))
        r.status, r.score, r.misconception = PASSED, r.max_score, None
        root = _root(roots) if any(x.max_score for x in roots) else _root(earlier)
        r.carried_from = root.number
        r.message = clean(f"error carried forward: this follows from [{root.number}] "
                          f"{root.title}. With a correct {names} (the grader's, lent) this "
                          "check passes, so the mistake costs points there only", MESSAGE_LIMIT)


def withhold(checks: list[Check], results: list[CheckResult]) -> None:
    """`withhold_one` for every check of a run."""
    by_id = {r.id: r for r in results}
    for check, r in zip(checks, results):
        withhold_one(check, r, [by_id[i] for i in check.earned_by if i in by_id])


def withhold_one(check: Check, r: CheckResult, earners: list[CheckResult]) -> None:
    """A passed check with `earned_by` keeps its points only when one of those checks (of the
    same function's values) passed too. Those waiting for grading (students' runs) are left
    out: when every one that ran failed, the points are withheld now as they would be at
    grading; when none ran, they are kept until then."""
    ran = [e for e in earners if e.status != HIDDEN_PENDING]
    if r.status != PASSED or not ran or any(e.status == PASSED for e in ran):
        return
    named = ", ".join(e.number for e in ran)
    r.status, r.score, r.withheld = FAILED, 0.0, True
    r.message = (f"Not credited: this holds, but the values it rests on are wrong (check"
                 f"{'s' if len(ran) > 1 else ''} {named} did not pass), and a function that "
                 "computes nothing has this property too; its points come with right values")


def diagnose(checks: list[Check], results: list[CheckResult], logs: dict,
             diagnoser: Diagnoser, skip=frozenset()) -> None:
    """Name the misconception behind each failed check (but those whose ids are in `skip`)
    where one explains its values and is consistent with everything else the submission did
    in that part."""
    for check, r in zip(checks, results):
        if r.status != FAILED or r.id not in logs or r.id in skip:
            continue
        part_logs = [logs[x.id] for x in results if x.part == r.part and x.id in logs]
        found = diagnoser.explain(r.part, logs[r.id], part_logs)
        if found is not None:
            r.misconception = found


def _root(failed: list[CheckResult]) -> CheckResult:
    """The check a carried failure is said to follow from: the first that lost points on its
    own values; else one only withheld for them; else any (a failed self-check, worth nothing,
    is a symptom rather than the root)."""
    return min(failed, key=lambda x: (not x.max_score, x.withheld))


def carry_forward_by_own(check: Check, r: CheckResult, checks, lends: dict, result_of) -> None:
    """Error carried forward where no reference is at hand (the students' own runs): a failed
    check of a part that declares lends, after a failed check of a part it lends from, keeps
    its points when every self-check of its own part passes (`Check.self_check`: the part does
    what the student's own earlier functions say, as a training loop stepping exactly as the
    student's own gradients prescribe), so its failure follows from those. `result_of(check)`: that check's result in
    this run, run now if need be, or None. At grading the check is judged again, with the
    reference's functions lent (`carry_forward`)."""
    parts = {spec.part for spec in lends.get(check.part, ())}
    if r.status != FAILED or r.crashed or not r.max_score or not parts:
        return
    earlier = [x for x in (result_of(c) for c in checks if c.part in parts)
               if x is not None and x.status == FAILED]
    if not earlier:
        return
    own = [result_of(c) for c in checks if c.part == check.part and c.self_check]
    if not own or any(x is None or x.status != PASSED for x in own):
        return
    root = _root(earlier)
    r.status, r.score, r.misconception, r.carried_from = PASSED, r.max_score, None, root.number
    r.message = clean(
        f"error carried forward: this follows from [{root.number}] {root.title}. This part "
        f"does what your own earlier functions say (self-check "
        f"{', '.join(f'[{x.number}]' for x in own)} passes), so the mistake costs points there "
        "only; at grading this check runs again with the grader's own earlier functions lent",
        MESSAGE_LIMIT)
