"""Keep student code's printing out of the grader's output (and out of nbgrader's stderr)."""

from __future__ import annotations

import io
from contextlib import contextmanager, redirect_stderr, redirect_stdout


class Sink(io.TextIOBase):
    """Counts what is written, keeps the first `cap` characters, drops the rest."""

    def __init__(self, cap: int = 4000):
        self.cap, self.size, self.kept = cap, 0, []

    def writable(self) -> bool:
        return True

    def write(self, text) -> int:
        text = str(text)
        room = self.cap - sum(len(k) for k in self.kept)
        if room > 0:
            self.kept.append(text[:room])
        self.size += len(text)
        return len(text)

    @property
    def text(self) -> str:
        return "".join(self.kept)


@contextmanager
def quiet(sink: Sink | None = None):
    """Send stdout and stderr written inside to `sink` (a fresh one by default)."""
    sink = sink or Sink()
    with redirect_stdout(sink), redirect_stderr(sink):
        yield sink
