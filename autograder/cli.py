"""The command line: `autograder VERB ...`. Each verb builds one `Settings` value from its
options (over `Settings.from_environment`) and passes it down to the module that does the work
(`pipeline`, `batch`, `validate`, `bundle`).

    autograder grade SUBMISSION --results FILE [--assignment NAME] [--no-report] [grading options]
    autograder grade-all FOLDER --out DIR [--assignment NAME] [--jobs N] [--dask ADDRESS]
                                          [--no-resume] [grading options]
    autograder validate [--assignment NAME] [--no-mutants]   (the grader checks itself)
    autograder checks [--assignment NAME]  (an assignment's check catalogue, as Markdown)
    autograder sandbox                     (which of the sandbox's walls this machine puts up)

Without --assignment, `grade` tells the assignment from the submission (its file name, or a
notebook's nbgrader metadata) and the other verbs take the default one.

Grading options: --reference PATH, --seed N, --call-time-limit S, --time-limit S,
--memory-limit MB, --cgroup DIR, --no-isolation. Exit status: 0 graded (whatever the score), 2 bad
arguments, 3 grading could not happen (reference missing or failing, sandbox cannot start),
130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .sandbox import Limits


def _parser() -> argparse.ArgumentParser:
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


def _chosen(args, path: Path | None = None):
    """The assignment the command line names, or the one `path` is, or the default
    (`assignment.decide`)."""
    from .assignment import decide
    return decide(path, name=getattr(args, "assignment", None))


def _common(p: argparse.ArgumentParser) -> None:
    """Options shared by the verbs that grade."""
    p.add_argument("--reference", type=Path, default=None,
                   help="the reference solution notebook (default: the assignment's, "
                        "solutions/<name>/<name>.ipynb, or $AUTOGRADER_REFERENCE)")
    p.add_argument("--seed", type=int, default=None,
                   help="the term's seed for the hidden checks' inputs (default: "
                        "$AUTOGRADER_SEED or 2026)")
    from .settings import Settings
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


def _settings(args):
    """The settings this command line asks for: the environment's, with its options over them."""
    from dataclasses import replace

    from .settings import Settings
    settings = Settings.from_environment()
    if getattr(args, "reference", None) is not None:
        settings = replace(settings, reference=args.reference.resolve())
    if getattr(args, "seed", None) is not None:
        settings = replace(settings, seed=args.seed)
    if getattr(args, "carry_forward", None) is False:
        settings = replace(settings, carry_forward=False)
    if "call_time_limit" in args:
        settings = replace(settings, isolate=args.isolate, limits=Limits(
            call_seconds=args.call_time_limit, total_seconds=args.time_limit,
            memory_mb=args.memory_limit, cgroup=args.cgroup))
    return settings


def main(argv: list[str] | None = None) -> int:
    from .assignment import UnknownAssignment
    from .sandbox import Terminated, end_sandboxes_on_sigterm

    args = _parser().parse_args(argv)
    settings = _settings(args)
    end_sandboxes_on_sigterm()
    try:
        return _run(args, settings)
    except UnknownAssignment as error:
        print(f"autograder: {error}", file=sys.stderr)
        return 2
    except Terminated:
        print("autograder: terminated (SIGTERM); every sandbox was ended", file=sys.stderr)
        return 143


def _warn_of_a_known_seed(settings) -> None:
    """Hidden checks and `beyond` confirmations draw their inputs from the term's seed; the
    default one is in the installed package, so a student can know every input it gives."""
    from .settings import DEFAULT_SEED
    if settings.seed == DEFAULT_SEED:
        print(f"autograder: grading with the default seed ({DEFAULT_SEED}), which students can "
              "read in the installed package; set the term's own secret seed with --seed or "
              "AUTOGRADER_SEED", file=sys.stderr)


def _run(args, settings) -> int:
    if args.verb in ("grade", "grade-all"):
        _warn_of_a_known_seed(settings)
    if args.verb == "grade":
        return _grade(args, settings)
    if args.verb == "grade-all":
        return _grade_all(args, settings)
    if args.verb == "similarity":
        return _similarity(args)
    if args.verb == "export":
        return _export(args)
    if args.verb == "validate":
        from .validate import main as validate
        return validate(args.release, args.mutants, args.jobs, args.workdir, settings,
                        _chosen(args))
    if args.verb == "checks":
        from .report.catalogue import markdown
        print(markdown(_chosen(args)), end="")
        return 0
    if args.verb == "sandbox":
        return _sandbox(settings)
    if args.verb == "new":
        return _new(args)
    if args.verb == "assignments":
        from .assignment import registered
        print("\n".join(sorted(registered())))
        return 0
    if args.verb == "passed":
        return _passed(args)
    if args.verb == "bundle":
        from .bundle import make
        return make(args.target, args.out, settings, _chosen(args))
    return 2


def _grade(args, settings) -> int:
    from .results import GRADING
    for stale in (args.results, args.results.with_name(GRADING)):   # a committed or earlier
        try:                                # file must never stand for this grading (`passed`)
            stale.unlink(missing_ok=True)
        except OSError:
            pass
    early = None
    if settings.isolate:            # start the sandbox now: it starts while the grader imports
        from .worker import Early
        early = Early(settings.limits)
    try:
        return _grade_with(args, settings, early)
    finally:
        if early is not None:
            early.discard()


def _grade_with(args, settings, early) -> int:
    from .escape import terminal
    from .pipeline import Pipeline, ReferenceMissing, unreadable
    from .isolated import WorkerFailed
    from .report import text
    from .submission import GraderError

    submission = args.submission
    if submission.is_dir() and not submission.is_symlink():
        from .batch import find_submission
        assignment = _chosen(args, submission)
        found = find_submission(submission, assignment)
        if found.path is None:
            _write_results(unreadable(assignment, submission.name, found.reason), args.results)
            print(f"autograder: {terminal(found.reason)}", file=sys.stderr)
            return 0
        submission = found.path
    if not os.path.lexists(submission):
        print(f"autograder: no such submission file: {terminal(args.submission)}",
              file=sys.stderr)
        return 2
    assignment = _chosen(args, submission)
    try:
        grading = Pipeline(settings, assignment, hidden=not args.public_only).grade(
            submission.absolute(), early)
    except (ReferenceMissing, GraderError, WorkerFailed) as error:
        print(f"autograder: {terminal(error)}", file=sys.stderr)
        return 3
    except Exception as error:  # noqa: BLE001 - a fault of the grader's: still say so
        reason = f"the grader failed on this submission ({type(error).__name__}: {error})"
        _write_results(unreadable(assignment, submission.name, reason), args.results)
        print(f"autograder: {terminal(reason)}", file=sys.stderr)
        return 3
    _write_results(grading, args.results, args.hidden_visibility,
                     report_beside=not args.no_report)
    page = None
    if not args.no_report:
        from .report import feedback
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


def _new(args) -> int:
    from .escape import terminal
    from .scaffold import ScaffoldError, new

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


def _write_results(grading, path: Path, hidden_visibility: str = "visible",
                   report_beside: bool = False) -> None:
    """results.json (Gradescope's), and beside it grading.json, the grading as data (what
    `passed` reads)."""
    from .report import gradescope
    from .stored import write_grading

    path.parent.mkdir(parents=True, exist_ok=True)
    write_grading(path.parent, grading)
    gradescope.write(grading, path, hidden_visibility, report_beside)


def _grade_all(args, settings) -> int:
    from .batch import grade_all
    from .pipeline import ReferenceMissing, reference

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
    if args.similarity and _no_copydetect():
        return 2
    assignment = _chosen(args)
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
        from .similarity import similarity
        pairs = similarity(args.folder, args.out, assignment)
        print(f"similarity of {len(pairs)} pairs: {args.out / 'similarity.html'} (and "
              "similarity.csv)")
    return 0


def _export(args) -> int:
    from .escape import terminal
    from .export import ExportError, canvas, grades, moodle
    from .files import atomic_write

    assignment = _chosen(args)
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


def _no_copydetect() -> bool:
    try:
        import copydetect  # noqa: F401
    except ImportError:
        print("autograder: similarity needs copydetect: pip install '.[instructor]'",
              file=sys.stderr)
        return True
    return False


def _similarity(args) -> int:
    if _no_copydetect():
        return 2
    from .similarity import THRESHOLD, similarity

    if not args.folder.is_dir():
        print(f"autograder: no such folder: {args.folder}", file=sys.stderr)
        return 2
    threshold = THRESHOLD if args.threshold is None else args.threshold
    if not 0 < threshold <= 1:
        print("autograder: --threshold is a share between 0 and 1", file=sys.stderr)
        return 2
    pairs = similarity(args.folder, args.out, _chosen(args), threshold)
    above = [p for p in pairs if p.above]
    print(f"{len(pairs)} pairs compared, {len(above)} at or above {threshold:g}: "
          f"{args.out / 'similarity.html'}")
    for p in above[:10]:
        from .escape import terminal
        print(f"  {p.score:.0%}  {terminal(p.a)}  {terminal(p.b)}")
    return 0


def _passed(args) -> int:
    """Check NUMBER of the grading stored beside RESULTS (`grading.json`): its feedback, and
    exit 0 when it passed."""
    from .escape import terminal
    from .results import GRADING, PASSED, explained_earlier, feedback_text
    from .stored import read_grading

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


def _sandbox(settings) -> int:
    import tempfile

    from .isolated import Worker, WorkerFailed

    with tempfile.TemporaryDirectory(prefix="autograder-") as scratch:
        try:
            worker = Worker(settings.limits, Path(scratch))
        except WorkerFailed as error:
            print(f"autograder: {error}", file=sys.stderr)
            return 3
        worker.kill()
    print("\n".join(worker.layers))
    return 0


if __name__ == "__main__":
    sys.exit(main())
