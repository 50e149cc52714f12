"""`autograder new NAME`: scaffold an assignment that validates before it is edited."""

from __future__ import annotations

import sys


def run(args) -> int:
    from ..instructor.scaffold import ScaffoldError, new
    from ..report.escape import terminal

    try:
        written = new(args.root, args.name, args.title)
    except ScaffoldError as error:
        print(f"autograder: {terminal(error)}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path}")
    print(f"next: make install (registers {args.name}), make release (nbgrader makes "
          f"assignments/{args.name}/), autograder validate --assignment {args.name}")
    return 0
