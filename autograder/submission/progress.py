"""Whether a call that ran out of time was stuck: nothing it held changed near the end.

A call stopped at its time limit gets a second chance on a later call (`STRIKES`): it may only
have been slow on that input. A call that was stuck has none to take. `state` is what
the submission's frames on the stack hold (each frame's code, the instruction it is at, and its
local variables' values), read twice: a moment before the limit and at it. When the two are the
same, the loop changed nothing in between, and a loop that changes nothing it can see does not
end on a later call either (`while True: pass`, a sleep, a wait on a lock nobody releases).

What it reads never runs the submission's code (types are compared by identity; only the
exact built-in and numpy types are read): numbers, strings and bytes by value, numpy
arrays of up to `ARRAY_BYTES` by their bytes, plain containers item by item (three levels, 16
items; larger ones by identity and length), anything else by identity. What it cannot read
counts as change (a larger array), so a slow loop is never taken for a stuck one on its
account; a loop whose only change is inside one of the submission's own objects, with every
local variable and instruction the same at both moments, is taken for stuck (it loses the
second chance, nothing else).
"""

from __future__ import annotations

import hashlib

import numpy as np

PROBE = 0.1             # the share of the time limit between the two reads
FRAMES = 64             # the innermost frames of the submission's that are read
ARRAY_BYTES = 1 << 20   # larger arrays are not read: they count as changed
ITEMS, DEPTH = 16, 3    # plain containers read item by item up to this size and depth

_SCALARS = (int, float, complex, bool, str, bytes, type(None))
_NUMPY_SCALARS = tuple(dict.fromkeys(t for t in np.sctypeDict.values() if t is not np.object_))
_CONTAINERS = (list, tuple, set, frozenset, dict)


def _one_of(kind, kinds) -> bool:
    """`kind` is exactly one of `kinds`: compared by identity (`in` would call `==` and
    `hash`, which a submission's metaclass may define)."""
    return any(kind is k for k in kinds)


def state(frame, namespace: dict):
    """What the submission's frames from `frame` outwards hold: those running its code, whose
    globals are its `namespace` (in the sandbox its cells', in a Jupyter kernel the kernel's;
    the grader's frames are skipped). Called in a signal handler: it never raises (what it
    cannot read counts as changed)."""
    try:
        held = []
        while frame is not None and len(held) < FRAMES:
            code = frame.f_code
            if frame.f_globals is namespace:
                held.append((id(code), frame.f_lasti,
                             tuple((name, _value(v, 0)) for name, v in frame.f_locals.items())))
            frame = frame.f_back
        return tuple(held) if held else object()
    except Exception:  # noqa: BLE001
        return object()


def _value(value, depth: int):
    kind = type(value)
    if _one_of(kind, _SCALARS):
        return (kind.__name__, value)
    if kind is np.ndarray:
        if value.nbytes > ARRAY_BYTES or value.dtype.hasobject:
            return object()             # equal to nothing: counts as changed
        data = np.ascontiguousarray(value)
        return ("array", value.shape, value.dtype.str,
                hashlib.blake2b(memoryview(data).cast("B")).digest())
    if _one_of(kind, _NUMPY_SCALARS):
        return ("numpy", kind.__name__, value.tobytes())
    if _one_of(kind, _CONTAINERS):
        if depth >= DEPTH or len(value) > ITEMS:      # (not copied: it may be millions long)
            return (kind.__name__, id(value), len(value))
        items = value.items() if kind is dict else value
        return (kind.__name__, tuple(_value(item, depth + 1) for item in items))
    return ("object", id(value))
