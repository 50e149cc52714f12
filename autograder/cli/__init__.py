"""The command line: `autograder VERB ...`, one module per verb in this package. Each verb
builds one `Settings` value from its options (over `Settings.from_environment`) and passes it
down to the module that does the work.

    autograder grade SUBMISSION --results FILE [--assignment NAME] [--no-report] [grading options]
    autograder passed RESULTS NUMBER       (exit 0 when check NUMBER passed: GitHub Classroom)
    autograder grade-all FOLDER --out DIR [--assignment NAME] [--jobs N] [--dask ADDRESS]
                                          [--no-resume] [--similarity] [grading options]
    autograder similarity FOLDER --out DIR (pairs of submissions ranked by shared code)
    autograder export SOURCE --to canvas|moodle --roster FILE --out FILE
    autograder bundle gradescope|github --out PATH
    autograder validate [--assignment NAME] [--no-mutants]   (the grader checks itself)
    autograder checks [--assignment NAME]  (an assignment's check catalogue, as Markdown)
    autograder sandbox                     (which of the sandbox's walls this machine puts up)
    autograder new NAME [--title TITLE]    (a new assignment that validates before it is edited)
    autograder assignments                 (the installed assignments, one a line)

Without --assignment, a verb given a submission asks `assignment.decide` which assignment it
is; the others take the default one.

Grading options: --reference PATH, --seed N, --call-time-limit S, --time-limit S,
--memory-limit MB, --cgroup DIR, --no-carry-forward, --no-isolation. Exit status: 0 graded
(whatever the score), 2 bad arguments, 3 grading could not happen (reference missing or
failing, sandbox cannot start), 130 interrupted, 143 terminated.
"""

from __future__ import annotations

import atexit
import os
import sys
from importlib import import_module

from .common import chosen, settings_of, warn_of_a_known_seed
from .parser import parser

VERBS = {"grade": "grade", "passed": "passed", "grade-all": "grade_all",
         "similarity": "similarity", "export": "export", "sandbox": "sandbox", "new": "new"}
WITH_SETTINGS = {"grade", "grade-all", "sandbox"}     # the verbs whose `run` takes settings


def script() -> None:
    """The `autograder` command: `main`, then the process ends once its exit handlers have run
    and its output is flushed, without the interpreter's teardown of every module and object
    (a twentieth of a second of CPU after each grading, when every file is written and closed
    and every sandbox ended already)."""
    code = main()
    atexit._run_exitfuncs()             # what a normal exit runs first (logging, pools, ...)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):   # a closed pipe: the output is lost either way
            pass
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    from ..grading.assignment import UnknownAssignment
    from ..sandbox.walls import Terminated, end_sandboxes_on_sigterm

    args = parser().parse_args(argv)
    settings = settings_of(args)
    end_sandboxes_on_sigterm()
    try:
        return _run(args, settings)
    except UnknownAssignment as error:
        print(f"autograder: {error}", file=sys.stderr)
        return 2
    except Terminated:
        print("autograder: terminated (SIGTERM); every sandbox was ended", file=sys.stderr)
        return 143


def _run(args, settings) -> int:
    if args.verb in ("grade", "grade-all"):
        warn_of_a_known_seed(settings)
    if args.verb in VERBS:
        run = import_module(f".{VERBS[args.verb]}", __name__).run
        if args.verb == "sandbox":
            return run(settings)
        return run(args, settings) if args.verb in WITH_SETTINGS else run(args)
    if args.verb == "validate":
        from ..instructor.validate import main as validate
        return validate(args.release, args.mutants, args.jobs, args.workdir, settings,
                        chosen(args))
    if args.verb == "checks":
        from ..report.catalogue import markdown
        print(markdown(chosen(args)), end="")
        return 0
    if args.verb == "assignments":
        from ..grading.assignment import names
        print("\n".join(sorted(names())))
        return 0
    if args.verb == "bundle":
        from ..instructor.bundle import make
        return make(args.target, args.out, settings, chosen(args))
    return 2
