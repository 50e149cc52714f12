"""The grader's settings, in one place, with their defaults.

Every setting can come from the command line; the ones an instructor sets once per term can
also come from the environment:

| setting    | default                                   | environment             |
|------------|-------------------------------------------|-------------------------|
| reference  | <repository>/solutions/nn_intro/nn_intro.ipynb | NN_INTRO_REFERENCE |
| seed       | 2026 (the term's seed for hidden inputs)  | NN_INTRO_SEED           |
| limits     | `sandbox.Limits()`: 10 s a call, 60 s a submission, 1024 MiB, 1 MiB output, 32 processes | NN_INTRO_CALL_SECONDS (the call limit: the only way to set it for nbgrader's in-kernel test cells); NN_INTRO_CGROUP (a cgroup v2 folder delegated to the grader) |
| isolate    | True (student code runs in a sandboxed process) |                  |
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from . import ASSIGNMENT
from .sandbox import Limits

REPOSITORY = Path(__file__).resolve().parent.parent
DEFAULT_REFERENCE = REPOSITORY / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"


def _default_reference() -> Path:
    return Path(os.environ.get("NN_INTRO_REFERENCE", DEFAULT_REFERENCE))


def _default_seed() -> int:
    return int(os.environ.get("NN_INTRO_SEED", "2026"))


def _default_limits() -> Limits:
    seconds = os.environ.get("NN_INTRO_CALL_SECONDS")
    cgroup = os.environ.get("NN_INTRO_CGROUP", "")
    return (Limits(call_seconds=float(seconds), cgroup=cgroup) if seconds
            else Limits(cgroup=cgroup))


@dataclass
class Settings:
    reference: Path = field(default_factory=_default_reference)
    seed: int = field(default_factory=_default_seed)
    limits: Limits = field(default_factory=_default_limits)
    isolate: bool = True


SETTINGS = Settings()
