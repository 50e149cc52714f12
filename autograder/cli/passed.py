"""`autograder passed RESULTS NUMBER`: exit 0 when that check passed (one GitHub Classroom
test per check), read from the grading stored beside RESULTS."""

from __future__ import annotations

import sys


def run(args) -> int:
    """Check NUMBER of the grading stored beside RESULTS (`grading.json`): its feedback, and
    exit 0 when it passed."""
    from ..grading.results import GRADING, PASSED, explained_earlier, feedback_text
    from ..grading.stored import read_grading
    from ..report.escape import terminal

    grading = read_grading(args.results.parent)
    if grading is None:
        print(f"autograder: cannot read {args.results.parent / GRADING}, which `autograder "
              f"grade` writes beside {args.results.name}", file=sys.stderr)
        return 2
    seen = explained_earlier(grading.results)
    for r in grading.results:
        if r.number == args.number:
            print(terminal(feedback_text(r, seen.get(r.number, ""))))
            return 0 if r.status == PASSED else 1
    print(f"autograder: no check {args.number} in {args.results.parent / GRADING}",
          file=sys.stderr)
    return 2
