"""`autograder grade-all FOLDER --out DIR`: every submission of a folder, one gradebook."""

from __future__ import annotations

import sys

from .common import chosen
from .similarity import no_copydetect


def run(args, settings) -> int:
    from ..grading.pipeline import ReferenceMissing, reference
    from ..instructor.batch import grade_all

    if not args.folder.is_dir():
        print(f"autograder: no such folder: {args.folder}", file=sys.stderr)
        return 2
    if args.jobs < 1:
        print("autograder: --jobs must be at least 1", file=sys.stderr)
        return 2
    if args.dask:
        try:
            import dask.distributed  # noqa: F401
        except ImportError:
            print("autograder: --dask needs Dask: pip install 'dask[distributed]'",
                  file=sys.stderr)
            return 2
    if args.similarity and no_copydetect():
        return 2
    assignment = chosen(args)
    try:
        reference(settings.reference_for(assignment))
    except ReferenceMissing as error:
        print(f"autograder: {error}", file=sys.stderr)
        return 3
    try:
        grade_all(args.folder, args.out, settings, assignment, jobs=args.jobs,
                  resume=args.resume, progress=args.progress, dask=args.dask)
    except KeyboardInterrupt:
        print("autograder: interrupted; run the same command again to resume "
              "(finished submissions are kept)", file=sys.stderr)
        return 130
    if args.similarity:
        from ..instructor.similarity import similarity
        pairs = similarity(args.folder, args.out, assignment)
        print(f"similarity of {len(pairs)} pairs: {args.out / 'similarity.html'} (and "
              "similarity.csv)")
    return 0
