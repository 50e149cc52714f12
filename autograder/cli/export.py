"""`autograder export SOURCE --to canvas|moodle`: grades into an LMS's import file."""

from __future__ import annotations

import sys

from .common import chosen


def run(args) -> int:
    from ..instructor.export import ExportError, canvas, grades, moodle
    from ..report.escape import terminal
    from ..submission.files import atomic_write

    assignment = chosen(args)
    column = args.column or assignment.name
    try:
        by_student = grades(args.source, assignment.name)
        if args.to == "canvas":
            done = canvas(by_student, args.roster, column, args.match, args.points)
        elif args.key is None:
            print("autograder: --to moodle needs --key, the roster's identifying column",
                  file=sys.stderr)
            return 2
        else:
            done = moodle(by_student, args.roster, args.key, column, args.points)
    except ExportError as error:
        print(f"autograder: {error}", file=sys.stderr)
        return 2
    atomic_write(args.out, done.text)
    print(f"{done.matched} students matched: {args.out}")
    for title, names in (("in the roster, with no grade here", done.unmatched_roster),
                         ("graded here, not in the roster", done.unmatched_grades),
                         ("matched, but not graded (missing or failed)", done.ungraded)):
        if names:
            print(f"{len(names)} {title}:")
            for name in names:
                print(f"  {terminal(name)}")
    return 0
