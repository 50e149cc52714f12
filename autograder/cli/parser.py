"""The `autograder` command line's arguments: one subcommand per verb."""

from __future__ import annotations

import argparse
from pathlib import Path


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="autograder",
                                     description="Grade coursework submissions (see docs/).")
    verbs = parser.add_subparsers(dest="verb", required=True)

    grade = verbs.add_parser("grade", help="grade one .ipynb or .py submission")
    grade.add_argument("submission", type=Path,
                       help="the student's .ipynb or .py file (or a folder holding it, as "
                            "Gradescope's /autograder/submission)")
    grade.add_argument("--results", type=Path, required=True,
                       help="where to write Gradescope's results.json")
    _assignment(grade, "default: told from the submission's file name or metadata, else the "
                       "default assignment")
    _common(grade)
    grade.add_argument("--hidden-visibility", default="visible",
                       choices=["visible", "hidden", "after_due_date", "after_published"],
                       help="Gradescope visibility of the hidden checks' results (default: visible)")
    grade.add_argument("--quiet", action="store_true", help="print nothing on success")
    grade.add_argument("--no-report", action="store_true",
                       help="do not write feedback.md / feedback.html next to the results")
    grade.add_argument("--public-only", action="store_true",
                       help="run only the public checks (no reference needed: students' CI)")

    passed = verbs.add_parser("passed", help="exit 0 when check NUMBER passed in the grading "
                                             "stored beside a results.json (one GitHub "
                                             "Classroom test per check)")
    passed.add_argument("results", type=Path)
    passed.add_argument("number", help='the check\'s number, "P.K"')

    bundle = verbs.add_parser("bundle", help="write the CI bundle for Gradescope or GitHub Classroom")
    bundle.add_argument("target", choices=["gradescope", "github"])
    bundle.add_argument("--out", type=Path, required=True,
                        help="gradescope: the .zip to write; github: the student template "
                             "repository's folder to add the workflow to")
    bundle.add_argument("--reference", type=Path, default=None,
                        help="the reference solution to put in the Gradescope bundle")
    bundle.add_argument("--seed", type=int, default=None, help="the term's seed")
    _assignment(bundle)

    batch = verbs.add_parser("grade-all", help="grade every submission in a folder")
    batch.add_argument("folder", type=Path, help="a folder of submissions (see docs/instructor-guide.md)")
    batch.add_argument("--out", type=Path, required=True,
                       help="where to write <student>/results.json, feedback.txt, "
                            "feedback.md/.html and gradebook.csv")
    batch.add_argument("--jobs", "-j", type=int, default=1,
                       help="submissions graded in parallel (default 1; each in its own sandbox)")
    batch.add_argument("--no-resume", dest="resume", action="store_false",
                       help="regrade every submission, even those already graded in OUT")
    batch.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                       help="show a progress bar (default: only on a terminal)")
    batch.add_argument("--dask", metavar="ADDRESS", default=None,
                       help="grade on a Dask cluster: its scheduler's address "
                            "(tcp://host:8786), or 'local' for --jobs workers on this machine "
                            "(needs the 'cluster' extra: pip install '.[cluster]')")
    batch.add_argument("--similarity", action="store_true",
                       help="also write OUT/similarity.html and .csv (see the similarity verb)")
    _assignment(batch)
    _common(batch)

    alike = verbs.add_parser("similarity", help="rank every pair of submissions in a folder by "
                                                "how much code they share, for a person to read")
    alike.add_argument("folder", type=Path, help="a folder of submissions, as for grade-all")
    alike.add_argument("--out", type=Path, required=True,
                       help="where to write similarity.html and similarity.csv")
    alike.add_argument("--threshold", type=float, default=None,
                       help="pairs sharing at least this share are shown side by side "
                            "(default 0.5)")
    _assignment(alike)

    export = verbs.add_parser("export", help="turn grades into an LMS's import file "
                                             "(Canvas or Moodle), from a roster exported from it")
    export.add_argument("source", type=Path,
                        help="a grade-all output folder, or nbgrader's grades.csv")
    export.add_argument("--to", choices=["canvas", "moodle"], required=True)
    export.add_argument("--roster", type=Path, required=True,
                        help="Canvas: its gradebook export; Moodle: a CSV of the participants")
    export.add_argument("--out", type=Path, required=True, help="the import file to write")
    export.add_argument("--column", default=None,
                        help="the assignment's column in the LMS (default: the assignment's "
                             "name); Canvas matches a column 'NAME (id)' too")
    export.add_argument("--match", choices=["login", "sis", "id"], default="login",
                        help="Canvas: match students on SIS Login ID (default), SIS User ID "
                             "or Canvas's ID")
    export.add_argument("--key", default=None,
                        help="Moodle: the roster's column that identifies a student and "
                             "equals their name in the grades (Username, ID number, ...)")
    export.add_argument("--points", type=float, default=None,
                        help="scale each score to this many points (default: the raw score)")
    _assignment(export)

    validate = verbs.add_parser("validate", help="check the grader itself: reference, release, "
                                                 "every catalogued misconception, mutants")
    validate.add_argument("--reference", type=Path, default=None,
                          help="the reference solution notebook (default: as for grade)")
    validate.add_argument("--seed", type=int, default=None, help="the term's seed")
    validate.add_argument("--release", type=Path, default=None,
                          help="the untouched student notebook (default: the assignment's "
                               "release, assignments/<name>/<name>.ipynb)")
    _assignment(validate)
    validate.add_argument("--no-mutants", dest="mutants", action="store_false",
                          help="skip mutation testing (the slow part)")
    validate.add_argument("--jobs", "-j", type=int, default=2,
                          help="misconceptions graded in parallel (default 2)")
    validate.add_argument("--workdir", type=Path, default=Path("build/validate"),
                          help="where mutmut works (default build/validate)")

    _assignment(verbs.add_parser("checks", help="print an assignment's check catalogue as "
                                                "Markdown (its docs page holds it)"))
    verbs.add_parser("sandbox", help="start one sandboxed worker and print the walls in force")
    verbs.add_parser("assignments", help="list the installed assignments, one name a line "
                                         "(what the Makefile loops over)")
    new = verbs.add_parser("new", help="scaffold a new assignment in this repository: its "
                                       "package, source notebook, catalogue, test and docs page")
    new.add_argument("name", help="the assignment's name (a Python package name)")
    new.add_argument("--title", default="A new assignment", help="its title")
    new.add_argument("--root", type=Path, default=Path("."),
                     help="the course repository (default: here)")
    return parser


def _assignment(p: argparse.ArgumentParser, default: str = "default: the default assignment"):
    p.add_argument("--assignment", metavar="NAME", default=None,
                   help=f"the installed assignment to grade as ({default})")


def _common(p: argparse.ArgumentParser) -> None:
    """Options shared by the verbs that grade."""
    p.add_argument("--reference", type=Path, default=None,
                   help="the reference solution notebook (default: the assignment's, "
                        "solutions/<name>/<name>.ipynb, or $AUTOGRADER_REFERENCE)")
    p.add_argument("--seed", type=int, default=None,
                   help="the term's seed for the hidden checks' inputs (default: "
                        "$AUTOGRADER_SEED or 2026)")
    from ..grading.settings import Settings
    defaults = Settings.from_environment().limits
    p.add_argument("--call-time-limit", type=float, default=defaults.call_seconds, metavar="S",
                   help=f"seconds for one call into student code or one notebook cell "
                        f"(default {defaults.call_seconds:g})")
    p.add_argument("--time-limit", type=float, default=defaults.total_seconds, metavar="S",
                   help=f"seconds for the whole submission (default {defaults.total_seconds:g})")
    p.add_argument("--memory-limit", type=int, default=defaults.memory_mb, metavar="MB",
                   help=f"address space of the submission's process (default {defaults.memory_mb})")
    p.add_argument("--cgroup", default=defaults.cgroup, metavar="DIR",
                   help="a cgroup v2 folder the deployment delegated to the grader: each "
                        "submission gets a cgroup below it with memory.max and pids.max "
                        "(default: $AUTOGRADER_CGROUP, else none; no cgroup is ever created "
                        "elsewhere)")
    p.add_argument("--no-carry-forward", dest="carry_forward", action="store_false",
                   default=None,
                   help="charge a later part's check for an earlier part's mistake too (by "
                        "default a failed check is run again with the earlier parts' functions "
                        "lent, and keeps its points when it then passes; "
                        "$AUTOGRADER_CARRY_FORWARD=0 does the same)")
    p.add_argument("--no-isolation", dest="isolate", action="store_false",
                   help="run student code in the grader's own process: no sandbox, no limits "
                        "(only for debugging trusted code)")
