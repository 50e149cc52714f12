"""What several verbs share: the assignment they work on, and the settings they pass down."""

from __future__ import annotations

import sys
from pathlib import Path

from ..sandbox.walls import Limits


def chosen(args, path: Path | None = None):
    """The assignment the command line names, or the one `path` is, or the default
    (`assignment.decide`)."""
    from ..grading.assignment import decide
    return decide(path, name=getattr(args, "assignment", None))


def settings_of(args):
    """The settings this command line asks for: the environment's, with its options over them."""
    from dataclasses import replace

    from ..grading.settings import Settings
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


def warn_of_a_known_seed(settings) -> None:
    """Hidden checks and `beyond` confirmations draw their inputs from the term's seed; the
    default one is in the installed package, so a student can know every input it gives."""
    from ..grading.settings import DEFAULT_SEED
    if settings.seed == DEFAULT_SEED:
        print(f"autograder: grading with the default seed ({DEFAULT_SEED}), which students can "
              "read in the installed package; set the term's own secret seed with --seed or "
              "AUTOGRADER_SEED", file=sys.stderr)
