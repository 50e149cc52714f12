"""The command line: `autograder VERB ...`, one verb per module.

    autograder grade SUBMISSION --results FILE [--reference PATH] [--seed N]
    autograder grade-all FOLDER --out DIR [--reference PATH] [--seed N]
    autograder checks                      (the check catalogue, as Markdown)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="autograder",
                                     description="Grade nn_intro submissions (see docs/).")
    verbs = parser.add_subparsers(dest="verb", required=True)

    grade = verbs.add_parser("grade", help="grade one .ipynb or .py submission")
    grade.add_argument("submission", type=Path, help="the student's .ipynb or .py file")
    grade.add_argument("--results", type=Path, required=True,
                       help="where to write Gradescope's results.json")
    _common(grade)
    grade.add_argument("--hidden-visibility", default="visible",
                       choices=["visible", "hidden", "after_due_date", "after_published"],
                       help="Gradescope visibility of the hidden checks' results (default: visible)")
    grade.add_argument("--quiet", action="store_true", help="print nothing on success")

    batch = verbs.add_parser("grade-all", help="grade every submission in a folder")
    batch.add_argument("folder", type=Path, help="a folder of submissions (see docs/instructor-guide.md)")
    batch.add_argument("--out", type=Path, required=True,
                       help="where to write <student>/results.json, feedback.txt and gradebook.csv")
    _common(batch)

    verbs.add_parser("checks", help="print the check catalogue as Markdown (docs/checks.md)")
    return parser


def _common(p: argparse.ArgumentParser) -> None:
    """Options shared by the verbs that grade."""
    p.add_argument("--reference", type=Path, default=None,
                   help="the reference solution notebook (default: the repository's "
                        "solutions/nn_intro/nn_intro.ipynb, or $NN_INTRO_REFERENCE)")
    p.add_argument("--seed", type=int, default=None,
                   help="the term's seed for the hidden checks' inputs (default: $NN_INTRO_SEED or 2026)")


def _apply_settings(args) -> None:
    from .settings import SETTINGS
    if "reference" not in args:
        return
    if args.reference is not None:
        SETTINGS.reference = args.reference.resolve()
    if args.seed is not None:
        SETTINGS.seed = args.seed


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    _apply_settings(args)
    if args.verb == "grade":
        return _grade(args)
    if args.verb == "grade-all":
        return _grade_all(args)
    if args.verb == "checks":
        from .report.catalogue import markdown
        print(markdown(), end="")
        return 0
    return 2


def _grade(args) -> int:
    from .grade import ReferenceMissing, grade
    from .report import gradescope, text
    from .submission import GraderError

    if not args.submission.is_file():
        print(f"autograder: no such submission file: {args.submission}", file=sys.stderr)
        return 2
    try:
        grading = grade(args.submission.resolve())
    except (ReferenceMissing, GraderError) as error:
        print(f"autograder: {error}", file=sys.stderr)
        return 3
    gradescope.write(grading, args.results, args.hidden_visibility)
    if not args.quiet:
        print(text.summary(grading))
    return 0


def _grade_all(args) -> int:
    from .batch import grade_all
    from .grade import ReferenceMissing, reference

    if not args.folder.is_dir():
        print(f"autograder: no such folder: {args.folder}", file=sys.stderr)
        return 2
    try:
        reference()
    except ReferenceMissing as error:
        print(f"autograder: {error}", file=sys.stderr)
        return 3
    grade_all(args.folder, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
