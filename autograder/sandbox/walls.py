"""The walls around a submission's process, put up by the worker before any student code runs.

Everything here uses what Linux offers without root, through `ctypes` (Python 3.11 has no
`os.unshare`), and degrades one layer at a time where the kernel refuses:

- namespaces: a new user namespace (no capability outside it), a new PID namespace whose init
  is the submission's process (when it dies, the kernel kills every process it started, even
  ones that called `setsid`), a new network namespace (no interface but a loopback that is
  down), a new IPC namespace and a new mount namespace (the scratch folder becomes a small
  tmpfs, so no submission can fill the disk);
- Landlock: the process may read only the Python installation, the system's libraries (and of
  /etc only what the dynamic loader needs; of /dev only null, zero and urandom) and the
  `autograder` package (never the repository's `solutions/`), and write only its scratch
  folder; no TCP, and (ABI 6+) no signals or abstract sockets outside its own domain;
- the namespace's own kernel limits (`namespace_limits`): its PID namespace's pid_max holds
  its threads and processes, its user namespace's counts allow no new namespace and no
  inotify or fanotify object; then every capability is dropped (`drop_capabilities`);
- seccomp: no socket of any family nor socket pair (so no Unix socket of the host, which
  neither Landlock nor the network namespace covers, and no netlink, packet or vsock socket),
  nothing that holds kernel memory no process's RSS shows (memfd, pipes, SysV and POSIX IPC,
  timers, byte-range locks), no pipe resizing or change of the parent-death signal, no
  io_uring (which would open sockets past the filter), no keyrings, ptrace, mounts (old and
  new API) or new namespaces;
- resource limits: address space, file size (output), CPU seconds, open files;
- the watchdog (`watch`): the worker's outer process, outside the submission's PID namespace,
  sums the memory of all the submission's processes and counts them and their threads, and
  ends the whole tree past `Limits.memory_mb`, `Limits.processes` or `Limits.tasks` (a
  per-process limit alone let six forks hold 4 GB). No cgroup is created, written or moved unless the deployment delegates one to the
  grader (`Limits.cgroup`, `--cgroup`): on shared machines they belong to the machine's
  supervisor. In a delegated one, each submission gets a cgroup of its own with memory.max and
  pids.max (`delegated_cgroup`), and the kernel holds its processes to them as well.

`confine` returns one line per layer saying whether it is in force; the grader reports them in
`autograder sandbox` and the instructor guide explains each.

Why one module of this size: every wall is set up in one order inside one process before the
submission's first line runs (namespaces, then limits, Landlock, capabilities, seccomp last),
and each layer's report sits beside its set-up so that `autograder sandbox` says what is true.
"""

from __future__ import annotations

import ctypes
import functools
import math
import os
import resource
import signal
import sys
import time
from dataclasses import dataclass, field
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


SPIN_SECONDS = 0.001     # covers nine waits in ten of a grading's (a check's own work between
                         # two calls, or a call's) on this kind of machine; `Spin` drops
                         # it while more tasks are runnable than cores


def spin_where_cores_are_idle(graders: int) -> float:
    """How long a wait on the channel spins with `graders` gradings at once on the cores this
    process may use: each grading's two processes (grader and worker) need a core each for a
    spinning wait to save a wake-up (~0.1 ms on a virtual core); with fewer, a spinning wait
    holds the core the other side needs, so waits sleep at once."""
    return SPIN_SECONDS if 2 * graders <= usable_cores() else 0.0


@functools.cache
def usable_cores() -> int:
    """The cores this process may run on: its CPU affinity, and its cgroup's CPU quota where
    one is set (a container's `--cpus`, which leaves the affinity whole)."""
    cores = len(os.sched_getaffinity(0))
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
        if quota != "max":
            cores = min(cores, max(1, math.ceil(int(quota) / int(period))))
    except (OSError, ValueError):
        pass
    return cores


class Spin:
    """How long the grader's waits on a channel spin before they sleep: `seconds` while the
    machine runs no more tasks than this process has cores (`runnable_tasks`, read at most once
    per `EVERY` seconds), else none. Spinning pays only where a core is idle: where more tasks
    are runnable than cores (other gradings, a parallel test suite), a spinning wait holds a
    core that the process it waits for needs (the suite's hostile and CLI tests, two at a time,
    took 126-137 s with 1 ms spins regardless, 71-99 s without). The grader sends its choice
    with each request, and the worker's wait for the next request spins as long."""

    EVERY = 0.01

    def __init__(self, seconds: float):
        self.most, self.now, self.until = seconds, 0.0, 0.0

    def seconds(self) -> float:
        if self.most and time.monotonic() >= self.until:
            self.now = self.most if runnable_tasks() <= usable_cores() else 0.0
            self.until = time.monotonic() + self.EVERY
        return self.now


def runnable_tasks() -> int:
    """The tasks the machine runs or could run at this moment (/proc/loadavg's fourth field,
    this process included); a great many when it cannot be read."""
    try:
        with open("/proc/loadavg", "rb") as f:
            return int(f.read().split()[3].split(b"/")[0])
    except (OSError, ValueError, IndexError):
        return 1 << 30


@dataclass(frozen=True)
class Limits:
    """What one submission's process may use. Times in seconds, sizes in MiB."""
    call_seconds: float = 10.0      # one call into student code (or one notebook cell)
    total_seconds: float = 60.0     # everything the submission runs, loading included
    memory_mb: int = 1024           # address space of each process, and memory of all together
    output_mb: int = 1              # what it may write to files (its printing included)
    processes: int = 32             # processes of the submission at once
    tasks: int = 256                # threads and processes of the submission at once
    cgroup: str = ""                # a cgroup v2 folder the deployment delegated to the grader
    spin_seconds: float = field(
        default_factory=lambda: spin_where_cores_are_idle(1))
                                    # a wait on the grader's channel spins this long before it
                                    # sleeps (`worker.ready`); 0 where graders share the cores


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


# --- the namespace's own kernel limits ------------------------------------------------------

# Per-user-namespace counts (linux/user_namespace.h): a submission makes no namespace, watch or
# notification group of its own. Each is also counted for the user that owns the namespace,
# and the grader is that user: past the grader's own limit (128 inotify instances, say), the
# grader's processes outside the sandbox would be refused.
NAMESPACE_COUNTS = ("max_user_namespaces", "max_mnt_namespaces", "max_pid_namespaces",
                    "max_net_namespaces", "max_ipc_namespaces", "max_uts_namespaces",
                    "max_cgroup_namespaces", "max_time_namespaces", "max_inotify_instances",
                    "max_inotify_watches", "max_fanotify_groups", "max_fanotify_marks")
RESERVED_PIDS = 300     # after the first wrap, a PID namespace hands out ids from 300 up


def namespace_limits(limits: Limits) -> list[str]:
    """In the submission's own user and PID namespaces (the caller is their PID 1), before any
    student code: the kernel itself refuses a thread or process past the namespace's pid_max
    (Linux 6.14+ keeps one per PID namespace) and any namespace, inotify or fanotify object.

    Only called inside a user namespace of the submission's own: there, a kernel without
    per-namespace values refuses the write, and nothing of the host's can change."""
    lines = []
    pid_max = RESERVED_PIDS + limits.tasks
    try:
        _write("/proc/sys/kernel/pid_max", str(pid_max))
        held = int(Path("/proc/sys/kernel/pid_max").read_text()) == pid_max
    except (OSError, ValueError):
        held = False
    lines.append(f"tasks: the kernel refuses a thread or process past {pid_max - 1} ids of its "
                 "PID namespace (its own pid_max)" if held else
                 "tasks: no pid_max of its own (Linux before 6.14); the watchdog counts them")
    refused = []
    for name in NAMESPACE_COUNTS:
        try:
            _write(f"/proc/sys/user/{name}", "0")
        except OSError:
            refused.append(name)
    lines.append("kernel objects: no new namespace, inotify or fanotify object (the user "
                 "namespace's own counts are 0)" if not refused else
                 f"kernel objects: the user namespace's counts not set ({', '.join(refused)})")
    return lines


# Capabilities (linux/capability.h, linux/securebits.h): none left, none regained by exec.
PR_CAPBSET_DROP, PR_SET_SECUREBITS, CAP_LAST = 24, 28, 63
SECURE_NOROOT = 0b11 | 0b11 << 6         # no root privileges on exec, no ambient raise: locked
_CAP_VERSION_3 = 0x20080522


def drop_capabilities() -> str:
    """Give up every capability (in the submission's user namespace it holds them all: mounts,
    its namespace's sysctls) so that its code holds none, and cannot regain them by exec."""
    for cap in range(CAP_LAST + 1):
        _libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)
    _libc.prctl(PR_SET_SECUREBITS, SECURE_NOROOT, 0, 0, 0)
    header = (ctypes.c_uint32 * 2)(_CAP_VERSION_3, 0)
    data = (ctypes.c_uint32 * 6)()          # effective, permitted, inheritable: twice, all 0
    if _libc.syscall(126 if os.uname().machine == "x86_64" else 91, header, data) != 0:
        return f"capabilities: kept ({os.strerror(ctypes.get_errno())})"
    return "capabilities: none (dropped before any student code, not regained by exec)"


def die_with_parent(signum: int = signal.SIGKILL) -> None:
    """Send this process `signum` when its parent dies (the grader, or the worker's outer
    process)."""
    _libc.prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0)


class Terminated(KeyboardInterrupt):
    """SIGTERM (what CI, Gradescope and a batch system send to stop a job), handled as Ctrl-C
    is: the grading stops where it is and every sandbox it opened is ended on the way out."""


def end_sandboxes_on_sigterm(with_parent: bool = False) -> None:
    """Turn SIGTERM into `Terminated` in this process; `with_parent` (a grading pool's
    process): also be sent SIGTERM when the process that started it dies."""
    def terminated(signum, frame):
        raise Terminated()

    signal.signal(signal.SIGTERM, terminated)
    if with_parent:
        die_with_parent(signal.SIGTERM)


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
                                   "/sys", "/opt"))
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
        for device, rights in DEVICES.items():
            _allow(ruleset, Path(device), rights, fs_rights)
        _allow(ruleset, scratch, fs_rights, fs_rights)
        _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
        if _libc.syscall(SYS_LANDLOCK_RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0)):
            return f"Landlock: refused ({os.strerror(ctypes.get_errno())})"
    finally:
        os.close(ruleset)
    return (f"Landlock ABI {abi}: in force (reads only Python, the system and the kit's package; "
            "writes only its scratch folder; of /dev only " + ", ".join(DEVICES)
            + ("; no TCP" if abi >= 4 else "") + ")")


# The only devices a submission may open: what numpy and Python's standard library use.
DEVICES = {"/dev/null": READ_FILE | WRITE_FILE, "/dev/zero": READ_FILE, "/dev/urandom": READ_FILE}


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
                         (resource.RLIMIT_CORE, 0),
                         # counted per user: the grader's own when the submission maps to it
                         (resource.RLIMIT_SIGPENDING, 64),
                         (resource.RLIMIT_MSGQUEUE, 0),
                         # threads and processes, counted in its user namespace (a grader that
                         # is not root; root's are counted by pid_max and the watchdog)
                         (resource.RLIMIT_NPROC, limits.tasks)):
        resource.setrlimit(which, (value, value))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # a write past the cap fails, it does not kill
    return (f"limits: {limits.memory_mb} MiB of address space, {limits.output_mb} MiB of files "
            f"and output, {cpu} s of CPU")


# --- seccomp -----------------------------------------------------------------------------

# What a submission never needs and that reaches past the other walls. Grading runs numpy on
# numbers: it opens no socket (not even a pair), no pipe, no shared memory and no notification
# channel, and each of these holds kernel memory that no process's RSS shows (a memfd written
# and never mapped, a socketpair's raised buffers, a SysV message queue) or a per-user kernel
# count shared with the grader (inotify instances, pipe pages). Denied with EPERM:
DENIED = (
    # the network and the host's Unix sockets; kernel memory in socket buffers
    "socket", "socketpair",
    # memory outside every process's RSS (and outside RLIMIT_AS)
    "memfd_create", "memfd_secret", "pipe", "pipe2", "shmget", "msgget", "semget", "mq_open",
    "timer_create", "inotify_init", "inotify_init1", "fanotify_init",
    # past the sandbox: asynchronous I/O that opens sockets past this filter, keyrings,
    # other processes' memory, the kernel's programs and events, mounts and namespaces
    "io_uring_setup", "io_uring_enter", "io_uring_register", "keyctl", "add_key", "request_key",
    "ptrace", "process_vm_readv", "process_vm_writev", "bpf", "perf_event_open", "userfaultfd",
    "mount", "umount2", "pivot_root", "unshare", "setns", "name_to_handle_at",
    "open_by_handle_at", "fsopen", "fsconfig", "fsmount", "fspick", "open_tree", "move_mount",
    "mount_setattr")
# Calls allowed except for some values of one argument: (call, argument index, denied values).
F_SETLK, F_SETLKW, F_OFD_SETLK, F_OFD_SETLKW = 6, 7, 37, 38
F_SETLEASE, F_NOTIFY, F_SETPIPE_SZ = 1024, 1026, 1031
DENIED_ARGUMENTS = (
    # byte-range locks (each a kernel object, as many as offsets), leases, directory
    # notification, and resizing the pipes to the grader (a 4 KiB pipe blocks its writes)
    ("fcntl", 1, (F_SETLK, F_SETLKW, F_OFD_SETLK, F_OFD_SETLKW, F_SETLEASE, F_NOTIFY,
                  F_SETPIPE_SZ)),
    # the parent-death signal that ends the submission with its watchdog stays as it was set
    ("prctl", 0, (PR_SET_PDEATHSIG,)),
)
SYSCALLS = {
    "x86_64": (0xC000003E, dict(
        socket=41, socketpair=53, memfd_create=319, memfd_secret=447, pipe=22, pipe2=293,
        shmget=29, msgget=68, semget=64, mq_open=240, timer_create=222, inotify_init=253,
        inotify_init1=294, fanotify_init=300, io_uring_setup=425, io_uring_enter=426,
        io_uring_register=427, keyctl=250, add_key=248, request_key=249, ptrace=101,
        process_vm_readv=310, process_vm_writev=311, bpf=321, perf_event_open=298,
        userfaultfd=323, mount=165, umount2=166, pivot_root=155, unshare=272, setns=308,
        name_to_handle_at=303, open_by_handle_at=304, fsopen=430, fsconfig=431, fsmount=432,
        fspick=433, open_tree=428, move_mount=429, mount_setattr=442, fcntl=72, prctl=157)),
    "aarch64": (0xC00000B7, dict(
        socket=198, socketpair=199, memfd_create=279, memfd_secret=447, pipe2=59, shmget=194,
        msgget=186, semget=190, mq_open=180, timer_create=107, inotify_init1=26,
        fanotify_init=262, io_uring_setup=425, io_uring_enter=426, io_uring_register=427,
        keyctl=219, add_key=217, request_key=218, ptrace=117, process_vm_readv=270,
        process_vm_writev=271, bpf=280, perf_event_open=241, userfaultfd=282, mount=40,
        umount2=39, pivot_root=41, unshare=97, setns=268, name_to_handle_at=264,
        open_by_handle_at=265, fsopen=430, fsconfig=431, fsmount=432, fspick=433,
        open_tree=428, move_mount=429, mount_setattr=442, fcntl=25, prctl=167)),
}
PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 22, 2
RET_KILL_PROCESS, RET_ERRNO, RET_ALLOW = 0x80000000, 0x00050000, 0x7FFF0000
LD_W_ABS, JEQ_K, JGE_K, RET_K = 0x20, 0x15, 0x35, 0x06
X32_BIT = 0x40000000
NR, ARCH, ARGS = 0, 4, 16       # offsets in struct seccomp_data (each argument 8 bytes)


class _SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8),
                ("k", ctypes.c_uint32)]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_uint16), ("filter", ctypes.POINTER(_SockFilter))]


def seccomp_program(machine: str) -> list[tuple[int, int, int, int]] | None:
    """The BPF program (code, jt, jf, k) that denies `DENIED` and `DENIED_ARGUMENTS` with EPERM
    on `machine`, kills the process for a system call of another architecture (x32, i386) and
    allows the rest. A call this architecture lacks (aarch64 has no `pipe`) is left out."""
    if machine not in SYSCALLS:
        return None
    arch, numbers = SYSCALLS[machine]
    # Written with symbolic jump targets ("deny", "allow", or a label), resolved at the end.
    prog: list = [(LD_W_ABS, 0, 0, ARCH), (JEQ_K, 1, 0, arch), (RET_K, 0, 0, RET_KILL_PROCESS),
                  (LD_W_ABS, 0, 0, NR)]
    if machine == "x86_64":              # the x32 ABI's numbers: the same calls, other numbers
        prog.append((JGE_K, "deny", 0, X32_BIT))
    prog += [(JEQ_K, "deny", 0, numbers[name]) for name in DENIED if name in numbers]
    for i, (name, index, values) in enumerate(DENIED_ARGUMENTS):
        skip = f"after {i}"
        prog += [(JEQ_K, 0, skip, numbers[name]),
                 (LD_W_ABS, 0, 0, ARGS + 8 * index)]    # the argument's low 32 bits
        prog += [(JEQ_K, "deny", 0, value) for value in values]
        prog += [(RET_K, 0, 0, RET_ALLOW), skip]
    prog += [(RET_K, 0, 0, RET_ALLOW), "deny", (RET_K, 0, 0, RET_ERRNO | 1)]    # 1 = EPERM
    labels, at = {}, 0
    for op in prog:
        if isinstance(op, str):
            labels[op] = at
        else:
            at += 1
    ops = [op for op in prog if not isinstance(op, str)]

    def target(jump, here):
        return labels[jump] - here - 1 if isinstance(jump, str) else jump
    return [(code, target(jt, i), target(jf, i), k) for i, (code, jt, jf, k) in enumerate(ops)]


def seccomp() -> str:
    program = seccomp_program(os.uname().machine)
    if program is None:
        return f"seccomp: not available on {os.uname().machine} (sockets are not denied)"
    filters = (_SockFilter * len(program))(*[_SockFilter(*op) for op in program])
    prog = _SockFprog(len(program), filters)
    _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    if _libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) != 0:
        return f"seccomp: refused ({os.strerror(ctypes.get_errno())}; sockets are not denied)"
    return ("seccomp: in force (no sockets of any family, socket pairs or pipes, so no Unix "
            "socket of the host; no memfd, shared memory, message queues, timers, inotify, "
            "byte-range locks or pipe resizing; no io_uring, keyrings, ptrace, mounts or new "
            "namespaces; the parent-death signal cannot be changed)")


# --- the watchdog ------------------------------------------------------------------------

WATCH_SECONDS = 0.02        # how often the submission's processes are counted and measured
NICE = 10                   # the submission's priority, below the watchdog's (0)
OVER_MEMORY, OVER_PROCESSES, OVER_TASKS = 121, 122, 123   # the worker's exit status when the
                                                            # watchdog ended it


def tree(root: int, most: int) -> list[int]:
    """`root` and every process below it (in a PID namespace whose init is `root`, every
    process of the namespace: orphans are re-parented to it), up to `most` + 1 of them (a fork
    bomb is told by the count, not by listing it all)."""
    found, todo = [], [root]
    while todo and len(found) <= most:
        pid = todo.pop()
        found.append(pid)
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{pid}/task/{task}/children") as children:
                    todo += [int(child) for child in children.read().split()]
            except (OSError, ValueError):
                pass
    return found


def usage(pid: int) -> tuple[int, int]:
    """(KiB, threads): the process's resident memory of its own (anonymous and shared-memory
    pages; files it maps are not counted) and its number of threads. Read from
    /proc/PID/status, whose counters take no lock: a process that forks in a loop holds its
    memory map's lock, and /proc/PID/smaps_rollup would wait for it. Pages a fork still shares
    with its parent count for both: an overestimate."""
    kib = threads = 0
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(("RssAnon:", "RssShmem:")):
                    kib += int(line.split()[1])
                elif line.startswith("Threads:"):
                    threads = int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return kib, threads


def over_limit(root: int, limits: Limits) -> int:
    """0 while the processes under `root` keep within `limits`; else the exit status to say
    which limit they passed. One process alone is held by its address-space limit."""
    pids = tree(root, limits.processes)
    if len(pids) > limits.processes:
        return OVER_PROCESSES
    kib, threads = map(sum, zip(*map(usage, pids)))
    if threads > limits.tasks:
        return OVER_TASKS
    if len(pids) > 1 and kib > limits.memory_mb * 1024:
        return OVER_MEMORY
    return 0


def watch(child: int, limits: Limits) -> int:
    """Wait for `child` (the submission's PID-1) while keeping its whole tree within `limits`;
    past them, kill it (the kernel then kills every process of its namespace). Returns the
    wait status, or the watchdog's exit status when it ended the tree. The submission's
    processes run at a lower priority than the watchdog (`NICE`), so that a fork bomb on every
    core cannot keep the watchdog from running."""
    import select

    try:                        # readable when the child ends: its death is seen at once
        ended = os.pidfd_open(child)
    except (AttributeError, OSError):   # before Linux 5.3: seen at the next measurement
        ended = None
    while True:
        pid, status = os.waitpid(child, os.WNOHANG)
        if pid:
            return status
        verdict = over_limit(child, limits)
        if verdict:
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
            return verdict << 8            # as a wait status: exited with `verdict`
        if ended is None:
            time.sleep(WATCH_SECONDS)
        else:
            select.select([ended], [], [], WATCH_SECONDS)


def watchdog_layer(limits: Limits, pid_namespace: bool) -> str:
    if not pid_namespace:
        return ("whole submission: not watched (no PID namespace); each process is held to "
                f"{limits.memory_mb} MiB")
    return (f"whole submission: at most {limits.memory_mb} MiB, {limits.processes} processes and "
            f"{limits.tasks} threads in all, measured every {WATCH_SECONDS * 1000:g} ms from "
            "outside its PID namespace")


def delegated_cgroup(child: int, limits: Limits) -> tuple[Path | None, str]:
    """Move the submission's PID 1 (`child`, before it runs any student code) into a cgroup of
    its own below the folder the deployment delegated (`limits.cgroup`), with memory.max and
    pids.max set: (its folder, the line saying so). Nothing is written when none is delegated."""
    if not limits.cgroup:
        return None, ""
    folder = Path(limits.cgroup) / f"submission-{os.getpid()}-{child}"
    try:
        folder.mkdir()
        (folder / "memory.max").write_text(f"{limits.memory_mb * 1024 * 1024}\n")
        (folder / "pids.max").write_text(f"{limits.tasks}\n")
        (folder / "cgroup.procs").write_text(f"{child}\n")
    except OSError as error:
        return None, (f"delegated cgroup: not used ({limits.cgroup}: {error.strerror}); the "
                      "watchdog's limits hold")
    return folder, (f"delegated cgroup: {folder} (memory.max {limits.memory_mb} MiB, pids.max "
                    f"{limits.tasks}, kept by the kernel)")


def release_cgroup(folder: Path | None) -> None:
    """Remove a submission's cgroup once every process in it is gone."""
    if folder is not None:
        try:
            folder.rmdir()
        except OSError:
            pass
