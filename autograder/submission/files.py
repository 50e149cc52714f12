"""The grader's files: a submission's read only when it is a regular file of a sane size, and
the grader's outputs written atomically, so a reader never sees half a file."""

from __future__ import annotations

import errno
import os
import stat
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


class SubmissionUnreadable(Exception):
    """The file is not a notebook or Python source we can read (the whole submission fails)."""


MAX_BYTES = 32 * 1024 * 1024     # a submission file larger than this is not read


def read_bytes(path: Path, follow_links: bool = False) -> bytes:
    """A submission file's bytes, read only if it is a regular file itself: a symbolic link
    (to the reference, to /proc/self/environ...), a FIFO that would block, a device or a
    file over `MAX_BYTES` is refused with the reason. The check and the read are one open."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC
                     | (0 if follow_links else os.O_NOFOLLOW))
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise SubmissionUnreadable(f"{path.name} is a symbolic link: a submission must be "
                                       "a regular file, not a link to one") from None
        raise SubmissionUnreadable(f"cannot read {path.name}: {error.strerror}") from None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise SubmissionUnreadable(f"{path.name} is not a regular file (a "
                                       f"{_file_kind(info.st_mode)}): it was not read")
        if info.st_size > MAX_BYTES:
            raise SubmissionUnreadable(f"{path.name} is {info.st_size / 2**20:.0f} MiB, over the "
                                       f"{MAX_BYTES // 2**20} MiB a submission may have")
        return file.read(MAX_BYTES + 1)[:MAX_BYTES]


def _file_kind(mode: int) -> str:
    for test, kind in ((stat.S_ISDIR, "folder"), (stat.S_ISFIFO, "named pipe"),
                       (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "character device"),
                       (stat.S_ISBLK, "block device")):
        if test(mode):
            return kind
    return "special file"
