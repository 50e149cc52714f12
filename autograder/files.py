"""Writing the grader's output files: atomically, so a reader never sees half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write(path: Path, content: str) -> None:
    """Write `content` to a temporary file beside `path`, then rename it over `path`.

    Text a submission chose may hold what UTF-8 cannot encode (a lone surrogate in an
    exception's message, a file name's undecodable bytes): it is written as '?', never an
    error that would leave the file unwritten."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="replace", newline="") as out:
            out.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
