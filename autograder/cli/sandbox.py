"""`autograder sandbox`: start one sandboxed worker and print the walls in force."""

from __future__ import annotations

import sys
from pathlib import Path


def run(settings) -> int:
    import tempfile

    from ..sandbox.isolated import Worker, WorkerFailed

    with tempfile.TemporaryDirectory(prefix="autograder-") as scratch:
        try:
            worker = Worker(settings.limits, Path(scratch))
        except WorkerFailed as error:
            print(f"autograder: {error}", file=sys.stderr)
            return 3
        worker.kill()
    print("\n".join(worker.layers))
    return 0
