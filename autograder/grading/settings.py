"""The grader's settings: one value, made once by each front end and passed down.

Every setting can come from the command line; the ones an instructor sets once per term can
also come from the environment (`Settings.from_environment`, which the CLI's defaults, the
nbgrader test cells and the students' pytest plugin use):

| setting    | default                                         | environment                 |
|------------|-------------------------------------------------|-----------------------------|
| reference  | the assignment's own (`Assignment.reference`)   | AUTOGRADER_REFERENCE        |
| seed       | 2026 (the term's seed for hidden inputs; the instructor keeps the term's own secret) | AUTOGRADER_SEED |
| limits     | `walls.Limits()`: 10 s a call, 60 s a submission, 1024 MiB, 1 MiB output, 32 processes, 256 threads | AUTOGRADER_CALL_SECONDS (the call limit: the only way to set it for nbgrader's in-kernel test cells); AUTOGRADER_CGROUP (a cgroup v2 folder delegated to the grader) |
| isolate    | True (student code runs in a sandboxed process) |                             |
| carry_forward | True (error carried forward: `carry.py`)     | AUTOGRADER_CARRY_FORWARD=0 turns it off |

A `Settings` is frozen: a front end that needs another makes one (`dataclasses.replace`).
Nothing reads settings from a module-level global.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..sandbox.walls import Limits

DEFAULT_SEED = 2026


@dataclass(frozen=True)
class Settings:
    reference: Path | None = None        # None: the assignment's own reference
    seed: int = DEFAULT_SEED
    limits: Limits = field(default_factory=Limits)
    isolate: bool = True
    carry_forward: bool = True           # a later check is not charged for an earlier mistake

    def reference_for(self, assignment) -> Path:
        """The reference solution to grade `assignment` against."""
        return Path(self.reference) if self.reference else assignment.reference

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The defaults, with what the environment sets once per term."""
        env = os.environ if environ is None else environ
        limits = Limits(cgroup=env.get("AUTOGRADER_CGROUP", ""))
        if env.get("AUTOGRADER_CALL_SECONDS"):
            limits = replace(limits, call_seconds=float(env["AUTOGRADER_CALL_SECONDS"]))
        reference = env.get("AUTOGRADER_REFERENCE")
        return cls(reference=Path(reference) if reference else None,
                   seed=int(env.get("AUTOGRADER_SEED", DEFAULT_SEED)), limits=limits,
                   carry_forward=env.get("AUTOGRADER_CARRY_FORWARD", "1") != "0")
