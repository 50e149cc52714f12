"""`autograder similarity FOLDER --out DIR`: every pair of submissions ranked by shared code."""

from __future__ import annotations

import sys

from .common import chosen


def no_copydetect() -> bool:
    try:
        import copydetect  # noqa: F401
    except ImportError:
        print("autograder: similarity needs copydetect: pip install '.[instructor]'",
              file=sys.stderr)
        return True
    return False


def run(args) -> int:
    if no_copydetect():
        return 2
    from ..instructor.similarity import THRESHOLD, similarity

    if not args.folder.is_dir():
        print(f"autograder: no such folder: {args.folder}", file=sys.stderr)
        return 2
    threshold = THRESHOLD if args.threshold is None else args.threshold
    if not 0 < threshold <= 1:
        print("autograder: --threshold is a share between 0 and 1", file=sys.stderr)
        return 2
    pairs = similarity(args.folder, args.out, chosen(args), threshold)
    above = [p for p in pairs if p.above]
    print(f"{len(pairs)} pairs compared, {len(above)} at or above {threshold:g}: "
          f"{args.out / 'similarity.html'}")
    for p in above[:10]:
        from ..report.escape import terminal
        print(f"  {p.score:.0%}  {terminal(p.a)}  {terminal(p.b)}")
    return 0
