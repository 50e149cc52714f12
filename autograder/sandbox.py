"""The walls around a submission's process, put up by the worker before any student code runs.

Everything here uses what Linux offers without root, through `ctypes` (Python 3.11 has no
`os.unshare`), and degrades one layer at a time where the kernel refuses:

- namespaces: a new user namespace (no capability outside it), a new PID namespace whose init
  is the submission's process (when it dies, the kernel kills every process it started, even
  ones that called `setsid`), a new network namespace (no interface but a loopback that is
  down), a new IPC namespace and a new mount namespace (the scratch folder becomes a small
  tmpfs, so no submission can fill the disk);
- Landlock: the process may read only the Python installation, the system's libraries (and of
  /etc only what the dynamic loader needs) and the `autograder` package (never the repository's `solutions/`), and write only its scratch folder;
  no TCP, and (ABI 6+) no signals or abstract sockets outside its own domain;
- resource limits: address space, file size (output), CPU seconds, open files.

`confine` returns one line per layer saying whether it is in force; the grader reports them in
`autograder sandbox` and the instructor guide explains each.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

CLONE_NEWNS, CLONE_NEWIPC = 0x00020000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS = 1, 38
SYS_LANDLOCK_CREATE_RULESET, SYS_LANDLOCK_ADD_RULE, SYS_LANDLOCK_RESTRICT_SELF = 444, 445, 446
LANDLOCK_CREATE_RULESET_VERSION = 1
LANDLOCK_RULE_PATH_BENEATH = 1

# Landlock filesystem rights (linux/landlock.h), by the ABI that introduced them.
EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
REMOVE_DIR, REMOVE_FILE, MAKE_CHAR, MAKE_DIR = 1 << 4, 1 << 5, 1 << 6, 1 << 7
MAKE_REG, MAKE_SOCK, MAKE_FIFO, MAKE_BLOCK, MAKE_SYM = 1 << 8, 1 << 9, 1 << 10, 1 << 11, 1 << 12
REFER, TRUNCATE, IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
FS_RIGHTS_BY_ABI = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 5: (1 << 16) - 1}
FILE_ONLY = EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE | IOCTL_DEV
NET_BIND_TCP, NET_CONNECT_TCP = 1 << 0, 1 << 1
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1 << 0, 1 << 1

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long


@dataclass(frozen=True)
class Limits:
    """What one submission's process may use. Times in seconds, sizes in MiB."""
    call_seconds: float = 10.0      # one call into student code (or one notebook cell)
    total_seconds: float = 120.0    # everything the submission runs, loading included
    memory_mb: int = 1024           # address space of the submission's process
    output_mb: int = 1              # what it may write to files (its printing included)


# --- namespaces --------------------------------------------------------------------------

def _unshare(flags: int) -> bool:
    return _libc.unshare(flags) == 0


def _write(path: str, text: str) -> None:
    with open(path, "w") as f:
        f.write(text)


def enter_namespaces() -> list[str]:
    """New user, PID, network and IPC namespaces for this process's next child.

    Only the child forked after this call is inside the new PID namespace (as its init).
    """
    uid, gid = os.geteuid(), os.getegid()
    others = CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWNS
    if _unshare(CLONE_NEWUSER | others):
        _write("/proc/self/setgroups", "deny")
        _write("/proc/self/uid_map", f"{uid} {uid} 1")
        _write("/proc/self/gid_map", f"{gid} {gid} 1")
        return ["user namespace: in force (no capability outside it)",
                "PID namespace: in force (the whole process tree dies with the submission)",
                "network namespace: in force (no network)"]
    if _unshare(others):    # root without user namespaces
        return ["user namespace: not available",
                "PID namespace: in force (the whole process tree dies with the submission)",
                "network namespace: in force (no network)"]
    return ["user namespace: not available",
            "PID namespace: not available (only the submission's process group is killed)",
            "network namespace: not available"]


MS_REC, MS_PRIVATE, MS_NOSUID, MS_NODEV = 0x4000, 1 << 18, 0x2, 0x4
SCRATCH_MB = 16


def small_scratch(scratch: Path) -> str:
    """Mount a 16 MiB tmpfs over the scratch folder, in this process's own mount namespace, so
    that a submission writing file after file cannot fill the grading machine's disk."""
    mount = _libc.mount
    mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong,
                      ctypes.c_char_p]
    if mount(None, b"/", None, MS_REC | MS_PRIVATE, None) != 0 or mount(
            b"tmpfs", str(scratch).encode(), b"tmpfs", MS_NOSUID | MS_NODEV,
            f"size={SCRATCH_MB}m,nr_inodes=1024,mode=0700".encode()) != 0:
        return ("scratch folder: on the grader's disk (no mount namespace); each file is "
                "capped, not their number")
    return f"scratch folder: a {SCRATCH_MB} MiB tmpfs of its own (the disk cannot fill up)"


def die_with_parent() -> None:
    """SIGKILL this process when its parent dies (the grader, or the worker's outer process)."""
    _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


# --- Landlock ----------------------------------------------------------------------------

class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def landlock_abi() -> int:
    abi = _libc.syscall(SYS_LANDLOCK_CREATE_RULESET, None, ctypes.c_size_t(0),
                        ctypes.c_uint32(LANDLOCK_CREATE_RULESET_VERSION))
    return max(int(abi), 0)


def readable_paths() -> list[Path]:
    """What a submission's process may read and execute: Python, numpy, the system, the kit."""
    import autograder
    paths = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix),
             Path(autograder.__file__).resolve().parent}
    paths.update(Path(p) for p in sys.path if p and Path(p).is_dir()
                 and Path(p).name in ("site-packages", "dist-packages", "lib-dynload"))
    paths.update(Path(p) for p in ("/usr", "/lib", "/lib64", "/lib32", "/bin", "/sbin",
                                   "/sys", "/dev", "/opt"))
    # Of /etc, only what the dynamic loader and the C library read: not the machine's secrets.
    paths.update(Path("/etc") / name for name in ("ld.so.cache", "ld.so.conf", "ld.so.conf.d",
                                                  "localtime", "passwd", "group", "nsswitch.conf",
                                                  "os-release"))
    return sorted(p for p in paths if p.exists())


def landlock(scratch: Path, readable: list[Path]) -> str:
    abi = landlock_abi()
    if abi < 1:
        return "Landlock: not available (the submission can read what its user can read)"
    fs_rights = FS_RIGHTS_BY_ABI[max(a for a in FS_RIGHTS_BY_ABI if a <= abi)]
    attr = _RulesetAttr(fs_rights, NET_BIND_TCP | NET_CONNECT_TCP if abi >= 4 else 0,
                        SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL if abi >= 6 else 0)
    size = 24 if abi >= 6 else 16 if abi >= 4 else 8
    ruleset = _libc.syscall(SYS_LANDLOCK_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size),
                            ctypes.c_uint32(0))
    if ruleset < 0:
        return f"Landlock: refused ({os.strerror(ctypes.get_errno())})"
    read = EXECUTE | READ_FILE | READ_DIR
    try:
        for path in readable:
            _allow(ruleset, path, read, fs_rights)
        _allow(ruleset, Path("/dev/null"), READ_FILE | WRITE_FILE, fs_rights)
        _allow(ruleset, scratch, fs_rights, fs_rights)
        _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
        if _libc.syscall(SYS_LANDLOCK_RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0)):
            return f"Landlock: refused ({os.strerror(ctypes.get_errno())})"
    finally:
        os.close(ruleset)
    return (f"Landlock ABI {abi}: in force (reads only Python, the system and the kit's package; "
            "writes only its scratch folder" + ("; no TCP" if abi >= 4 else "") + ")")


def _allow(ruleset: int, path: Path, rights: int, handled: int) -> None:
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return
    try:
        if not path.is_dir():
            rights &= FILE_ONLY
        rule = _PathBeneathAttr(rights & handled, fd)
        _libc.syscall(SYS_LANDLOCK_ADD_RULE, ctypes.c_int(ruleset),
                      ctypes.c_int(LANDLOCK_RULE_PATH_BENEATH), ctypes.byref(rule), ctypes.c_uint32(0))
    finally:
        os.close(fd)


# --- resource limits ---------------------------------------------------------------------

def rlimits(limits: Limits) -> str:
    mib = 1024 * 1024
    cpu = int(limits.total_seconds) + 5
    for which, value in ((resource.RLIMIT_AS, limits.memory_mb * mib),
                         (resource.RLIMIT_FSIZE, limits.output_mb * mib),
                         (resource.RLIMIT_CPU, cpu),
                         (resource.RLIMIT_NOFILE, 256),
                         (resource.RLIMIT_CORE, 0)):
        resource.setrlimit(which, (value, value))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # a write past the cap fails, it does not kill
    return (f"limits: {limits.memory_mb} MiB of address space, {limits.output_mb} MiB of files "
            f"and output, {cpu} s of CPU")
