"""A small cache kept between runs: the reference's outputs on fixed inputs (JSON), and the
examples each hypothesis search draws while every example passes (pickles).

Keys name what the entry depends on (the SHA-256 of the reference's file; the seed and the
checks' source), so editing either makes new entries. Only the grader writes here (the
sandbox cannot: Landlock lets the submission write its scratch folder only); anything
unreadable counts as missing. The folder is
$AUTOGRADER_CACHE, else $XDG_CACHE_HOME/autograder, else ~/.cache/autograder.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from pathlib import Path


def folder() -> Path:
    if os.environ.get("AUTOGRADER_CACHE"):
        return Path(os.environ["AUTOGRADER_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "autograder"


def _path(key: str) -> Path:
    return folder() / (hashlib.sha256(key.encode()).hexdigest()[:32] + ".json")


def get(key: str):
    try:
        stored = json.loads(_path(key).read_text())
        return stored["value"] if stored.get("key") == key else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def put(key: str, value) -> None:
    from ..submission.files import atomic_write     # (its package imports numpy, which a
                                                    # table read from here does not need)
    try:
        atomic_write(_path(key), json.dumps({"key": key, "value": value}))
    except OSError:
        pass            # a read-only home: compute again next time


def reference_output(ref, key: str, compute, valid):
    """What `compute()` gives for the reference `ref` on fixed inputs: from the cache when a
    `valid` value is there for this reference version, else computed and kept. A reference
    without a fingerprint (not loaded from a file) is not cached."""
    if not getattr(ref, "fingerprint", ""):
        return compute()
    key = f"{ref.fingerprint}-{key}"
    cached = get(key)
    if valid(cached):
        return cached
    value = compute()
    put(key, value)
    return value


def get_pickle(key: str):
    """Python objects (examples with numpy arrays); the file is the grader's own."""
    try:
        stored = pickle.loads(_path(key).with_suffix(".pickle").read_bytes())
        return stored["value"] if stored.get("key") == key else None
    except Exception:  # noqa: BLE001 - a damaged entry is a missing one
        return None


def put_pickle(key: str, value) -> None:
    path = _path(key).with_suffix(".pickle")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps({"key": key, "value": value}))
        os.replace(tmp, path)
    except OSError:
        pass
