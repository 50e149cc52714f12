"""`autograder grade SUBMISSION --results FILE`: one submission, results.json and grading.json."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .common import chosen


def run(args, settings) -> int:
    early = None
    if settings.isolate:            # start the sandbox first: it starts while the grader imports
        from ..sandbox.worker import Early
        early = Early(settings.limits)
    from ..grading.results import GRADING
    for stale in (args.results, args.results.with_name(GRADING)):   # a committed or earlier
        try:                                # file must never stand for this grading (`passed`)
            stale.unlink(missing_ok=True)
        except OSError:
            pass
    try:
        return _grade_with(args, settings, early)
    finally:
        if early is not None:
            early.discard()


def _grade_with(args, settings, early) -> int:
    from ..grading.pipeline import Pipeline, ReferenceMissing, unreadable
    from ..report import text
    from ..report.escape import terminal
    from ..sandbox.isolated import WorkerFailed
    from ..submission import GraderError

    submission = args.submission
    if submission.is_dir() and not submission.is_symlink():
        from ..instructor.batch import find_submission
        assignment = chosen(args, submission)
        found = find_submission(submission, assignment)
        if found.path is None:
            write_results(unreadable(assignment, submission.name, found.reason), args.results)
            print(f"autograder: {terminal(found.reason)}", file=sys.stderr)
            return 0
        submission = found.path
    if not os.path.lexists(submission):
        print(f"autograder: no such submission file: {terminal(args.submission)}",
              file=sys.stderr)
        return 2
    assignment = chosen(args, submission)
    try:
        grading = Pipeline(settings, assignment, hidden=not args.public_only).grade(
            submission.absolute(), early)
    except (ReferenceMissing, GraderError, WorkerFailed) as error:
        print(f"autograder: {terminal(error)}", file=sys.stderr)
        return 3
    except Exception as error:  # noqa: BLE001 - a fault of the grader's: still say so
        reason = f"the grader failed on this submission ({type(error).__name__}: {error})"
        write_results(unreadable(assignment, submission.name, reason), args.results)
        print(f"autograder: {terminal(reason)}", file=sys.stderr)
        return 3
    write_results(grading, args.results, args.hidden_visibility,
                  report_beside=not args.no_report)
    page = None
    if not args.no_report:
        from ..report import feedback
        try:
            page = feedback.write(grading, args.results.parent)
        except Exception as error:  # noqa: BLE001 - results.json is written: it is what counts
            print(f"autograder: the feedback report could not be written "
                  f"({type(error).__name__}: {terminal(error)})", file=sys.stderr)
    if not args.quiet:
        print(text.summary(grading))
        if page is not None:
            print(f"\nFeedback report: {page}")
    return 0


def write_results(grading, path: Path, hidden_visibility: str = "visible",
                  report_beside: bool = False) -> None:
    """results.json (Gradescope's), and beside it grading.json, the grading as data (what
    `passed` reads)."""
    from ..grading.stored import write_grading
    from ..report import gradescope

    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        write_grading(path.parent, grading)
    except OSError as error:       # a folder in its place, say: `passed` then finds nothing
        print(f"autograder: the grading could not be stored beside {path.name} "
              f"({type(error).__name__}: {error})", file=sys.stderr)
    gradescope.write(grading, path, hidden_visibility, report_beside)
