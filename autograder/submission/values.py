"""Values crossing the boundary between the grader and student code, as plain data.

Student code may return anything: numpy scalars, 0-d or 1-element arrays, bool arrays, or
objects that lie about equality. `encode` turns a returned value into plain Python data
(floats, lists, dicts of str) without calling any of the value's own methods; the `as_*`
readers then check that plain data against what the contract promises. Every comparison the
grader makes is between plain floats and float64 arrays built here.

Why one module of this size: writing (`encode`, in the submission's process) and reading
(`is_plain` and the `as_*` readers, in the grader's) are the two halves of one format, whose
bounds must agree line for line; split apart, one half could change without the other.
"""

from __future__ import annotations

import collections
import math
import numbers

import numpy as np


class WrongValue(Exception):
    """What came back is not what the contract promises (type, shape, NaN...)."""


# --- encoding (runs next to the student code) --------------------------------------------

DICTS = (dict, collections.OrderedDict, collections.defaultdict)   # the standard library's

# Bounds on plain data, checked on both sides of the channel: `encode` keeps within them, and
# `is_plain` refuses anything beyond (a process that writes its own answers is not bound by
# `encode`). Nothing a submission sends can make the reader overflow, recurse or balloon.
MAX_DEPTH = 5            # lists and dicts inside lists and dicts
MAX_ITEMS = 100_000      # items of one list, numbers of one array
MAX_KEYS = 1_000         # keys of one dict
MAX_NAME = 100           # characters of a key or a type's name
MAX_SIDE = 2 ** 31       # an array's sides multiplied, zeros left out (numpy's own bound on
                         # a shape: a side of 0 does not make any other side legal)
MAX_INT = 2 ** 63        # integers only ever come as handles; floats carry every value


def _type_name(kind: type) -> str:
    name = (f"{kind.__module__}.{kind.__qualname__}"
            if kind.__module__ not in ("builtins", None) else kind.__qualname__)
    return name if len(name) <= MAX_NAME else name[:MAX_NAME - 1] + "…"


def encode(value, depth: int = 0):
    """A student-returned value as JSON-able plain data, tagged by kind.

    Only exact built-in and numpy types are unpacked; anything else is described by its type
    name, so no method of a student-defined class is ever called.
    """
    if depth >= MAX_DEPTH:
        return {"kind": "other", "type": "a value nested too deeply"}
    kind = type(value)
    if kind is bool or kind is np.bool_:
        return {"kind": "number", "value": float(bool(value))}
    if kind in (int, float) or (isinstance(value, np.generic) and kind.__module__ == "numpy"
                                and np.issubdtype(kind, np.number) and not np.issubdtype(kind, np.complexfloating)):
        try:
            return {"kind": "number", "value": float(value)}
        except OverflowError:
            return {"kind": "number", "value": math.inf if value > 0 else -math.inf}
    if kind is np.ndarray:
        if value.size > MAX_ITEMS or math.prod(n or 1 for n in value.shape) > MAX_SIDE:
            return {"kind": "other", "type": f"a numpy array of {value.size:,} numbers (an answer "
                                              f"holds at most {MAX_ITEMS:,})"}
        if value.dtype.kind in "biuf":
            flat = np.asarray(value, dtype=float).ravel()
            return {"kind": "array", "shape": list(value.shape), "data": flat.tolist()}
        return {"kind": "other", "type": f"a numpy array of dtype {str(value.dtype)[:MAX_NAME]}"}
    if kind in (list, tuple):
        if len(value) > MAX_ITEMS:
            return {"kind": "other", "type": f"a {kind.__name__} of {len(value):,} items (an answer "
                                              f"holds at most {MAX_ITEMS:,})"}
        return {"kind": "list", "items": [encode(v, depth + 1) for v in value]}
    if kind in DICTS:
        if len(value) > MAX_KEYS:
            return {"kind": "other", "type": f"a dict of {len(value):,} keys"}
        return {"kind": "dict", "items": {k: encode(v, depth + 1) for k, v in dict.items(value)
                                          if type(k) is str and len(k) <= MAX_NAME}}
    if value is None:
        return {"kind": "none"}
    return {"kind": "other", "type": _type_name(kind)}


def parameter(value):
    """A parameter the grader sets on a submission's object, as a fresh value of its own: a
    number as a float, an array as a new float64 array, a list (or tuple) as a new list of
    such values. The grader's copy and the submission's never share memory, whichever side
    changes its own in place."""
    if isinstance(value, (bool, int, float, np.integer, np.floating)):
        return float(value)
    if isinstance(value, np.ndarray):
        return np.array(value, dtype=np.float64)
    if isinstance(value, (list, tuple)):
        return [parameter(item) for item in value]
    raise TypeError(f"a parameter is a number, an array or a list of them, not {type(value)}")


# --- reading (runs in the grader) ---------------------------------------------------------

def is_plain(data, depth: int = 0) -> bool:
    """Whether `data` (decoded from another process's JSON) has exactly `encode`'s shape.

    The grader calls this on everything a submission's process sends before reading it, so
    a process that writes its own answers onto the channel cannot crash or confuse the reader.
    """
    if depth > MAX_DEPTH or type(data) is not dict or type(data.get("kind")) is not str:
        return False
    kind = data["kind"]
    if kind == "number":            # the commonest, read without building a set of keys
        return len(data) == 2 and _number(data.get("value"))
    keys = set(data)
    if kind == "array":
        shape, flat = data.get("shape"), data.get("data")
        return (keys == {"kind", "shape", "data"} and type(shape) is list and type(flat) is list
                and len(shape) <= 32 and len(flat) <= MAX_ITEMS
                and all(type(n) is int and 0 <= n <= MAX_SIDE for n in shape)
                and math.prod(n or 1 for n in shape) <= MAX_SIDE
                and math.prod(shape) == len(flat) and all(_number(v) for v in flat))
    if kind == "list":
        items = data.get("items")
        return (keys == {"kind", "items"} and type(items) is list and len(items) <= MAX_ITEMS
                and all(is_plain(item, depth + 1) for item in items))
    if kind == "dict":
        items = data.get("items")
        return (keys == {"kind", "items"} and type(items) is dict and len(items) <= MAX_KEYS
                and all(len(key) <= MAX_NAME for key in items)
                and all(is_plain(item, depth + 1) for item in items.values()))
    if kind in ("none", "missing"):
        return keys == {"kind"}
    if kind == "other":
        return (keys == {"kind", "type"} and type(data["type"]) is str
                and len(data["type"]) <= MAX_NAME + 40)
    return False


def _number(value) -> bool:
    """A float, or an int small enough to be one (a 4,000-digit int overflows a float)."""
    return type(value) is float or (type(value) is int and -MAX_INT < value < MAX_INT)


def size(plain) -> int:
    """How many numbers plain data (or a dict of it, as `get` answers) holds."""
    kind = plain.get("kind") if isinstance(plain, dict) else None
    if kind is None and isinstance(plain, dict):
        return sum(size(item) for item in plain.values())
    if kind == "array":
        return len(plain["data"])
    if kind == "list":
        return sum(size(item) for item in plain["items"])
    if kind == "dict":
        return sum(size(item) for item in plain["items"].values())
    return 1


def describe(plain) -> str:
    """How a returned value reads in feedback: 'None', 'a list', 'an array of shape (2, 3)'."""
    kind = plain["kind"]
    if kind == "number":
        return fmt(plain["value"])
    if kind == "array":
        return f"an array of shape {tuple(plain['shape'])}"
    if kind == "list":
        return f"a list of {len(plain['items'])} items"
    if kind == "dict":
        return f"a dict with keys {sorted(plain['items'])}"
    if kind == "none":
        return "None (is a `return` missing?)"
    if plain["type"].startswith(("a ", "an ")):       # the encoder's own description
        return plain["type"]
    return f"an object of type {plain['type']}"


def flat_numbers(plain) -> np.ndarray | None:
    """Plain data as a flat float64 array, NaN and infinities kept (None: not numbers)."""
    kind = plain.get("kind") if isinstance(plain, dict) else None
    if kind == "number":
        return np.array([plain["value"]], dtype=float)
    if kind == "array":
        return np.asarray(plain["data"], dtype=float)
    if kind == "list":
        parts = [flat_numbers(item) for item in plain["items"]]
        if all(p is not None for p in parts):
            return np.concatenate(parts) if parts else np.zeros(0)
    return None


def as_float(plain, finite: bool = True) -> float:
    """A scalar: a number, or an array or list holding exactly one number (finite, unless
    `finite=False`)."""
    kind = plain["kind"]
    if kind == "number":
        value = plain["value"]
    elif kind == "array" and len(plain["data"]) == 1:
        value = plain["data"][0]
    elif kind == "list" and len(plain["items"]) == 1 and plain["items"][0]["kind"] == "number":
        value = plain["items"][0]["value"]
    else:
        raise WrongValue(f"returned {describe(plain)}, expected a single number")
    if finite and not math.isfinite(value):
        raise WrongValue(f"returned {fmt(value)}, expected a finite number")
    return float(value)


def as_array(plain, shape: tuple[int, ...]) -> np.ndarray:
    """An elementwise result: a float64 array of exactly `shape` (numbers count as shape ())."""
    kind = plain["kind"]
    if kind == "number":
        got = np.array(plain["value"], dtype=float)
    elif kind == "array":
        got = np.array(plain["data"], dtype=float).reshape(plain["shape"])
    else:
        raise WrongValue(f"returned {describe(plain)}, expected "
                         f"{'a number' if shape == () else f'an array of shape {shape}'}")
    if got.shape != tuple(shape):
        if got.size == 1 and math.prod(shape) == 1:
            got = got.reshape(shape)
        else:
            raise WrongValue(f"returned an array of shape {got.shape}, expected shape {tuple(shape)} "
                             "(elementwise: the result has the shape of the input)")
    if not np.all(np.isfinite(got)):
        bad = [fmt(v) for v in got.ravel() if not math.isfinite(v)][:3]
        raise WrongValue(f"returned non-finite values ({', '.join(bad)}), expected finite numbers")
    return got


def as_float_list(plain, length: int | None = None, finite: bool = True) -> list[float]:
    """A list (or 1-d array) of finite floats (with `finite=False`, NaN and infinities kept:
    where only how many there are, or whether two runs agree, is judged)."""
    kind = plain["kind"]
    if kind == "list":
        values = [as_float(item, finite) for item in plain["items"]]
    elif kind == "array" and len(plain["shape"]) == 1:
        values = [float(v) for v in plain["data"]]
        if finite and not all(math.isfinite(v) for v in values):
            raise WrongValue("returned non-finite values, expected finite numbers")
    else:
        raise WrongValue(f"returned {describe(plain)}, expected a list of numbers")
    if length is not None and len(values) != length:
        raise WrongValue(f"returned {len(values)} values, expected {length}")
    return values


def as_float_dict(plain, keys) -> dict[str, float]:
    """A dict holding a finite float under each of `keys` (extra keys are ignored)."""
    if plain["kind"] != "dict":
        raise WrongValue(f"returned {describe(plain)}, expected a dict keyed {', '.join(keys)}")
    items = plain["items"]
    missing = [k for k in keys if k not in items]
    if missing:
        raise WrongValue(f"returned a dict without the key(s) {', '.join(repr(k) for k in missing)}")
    out = {}
    for key in keys:
        try:
            out[key] = as_float(items[key])
        except WrongValue as error:
            raise WrongValue(f"{error} under the key {key!r}") from None
    return out


def as_items(plain, count: int, what: str = "") -> list:
    """A tuple or list of exactly `count` values (still plain data, for the readers above):
    a function that returns `(dW, db)` or `(losses, accuracy)`. `what` names them in the
    message ("a pair (dW, db)")."""
    if plain["kind"] != "list" or len(plain["items"]) != count:
        raise WrongValue(f"returned {describe(plain)}, expected "
                         f"{what or f'a tuple of {count} values'}")
    return list(plain["items"])


def as_arrays(plain, shapes: list[tuple[int, ...]]) -> list[np.ndarray]:
    """A list (or tuple) of float64 arrays of exactly these `shapes`: one per layer, say."""
    if plain["kind"] != "list":
        raise WrongValue(f"returned {describe(plain)}, expected a list of {len(shapes)} arrays")
    if len(plain["items"]) != len(shapes):
        raise WrongValue(f"returned {len(plain['items'])} arrays, expected {len(shapes)}")
    out = []
    for i, (item, shape) in enumerate(zip(plain["items"], shapes)):
        try:
            out.append(as_array(item, shape))
        except WrongValue as error:
            raise WrongValue(f"{error} at index {i}") from None
    return out


def as_any_array(plain) -> np.ndarray:
    """A number or an array of any shape, as a float64 array (NaN kept): the reference's
    answers, whose shape the check already knows."""
    kind = plain["kind"]
    if kind == "number":
        return np.array(plain["value"], dtype=float)
    if kind == "array":
        return np.array(plain["data"], dtype=float).reshape(plain["shape"])
    raise WrongValue(f"returned {describe(plain)}, expected a number or an array")


def is_missing(plain) -> bool:
    """An attribute `get` found missing on the object."""
    return plain["kind"] == "missing"


SAME = (1e-5, 1e-8)      # relative, absolute: how near two answers count as the same


def same(a, b) -> bool:
    """Two answers (plain data) agree: numbers within rounding (`SAME`: the same mistake written
    another way rounds differently; NaN matches NaN), dicts key by key."""
    if isinstance(a, dict) and isinstance(b, dict) and a.get("kind") == b.get("kind") == "dict":
        return a["items"].keys() == b["items"].keys() and all(
            same(a["items"][k], b["items"][k]) for k in a["items"])
    x, y = flat_numbers(a), flat_numbers(b)
    if x is not None and y is not None:
        if x.shape != y.shape:
            return False
        both_nan = np.isnan(x) & np.isnan(y)
        with np.errstate(invalid="ignore"):
            near = np.abs(x - y) <= np.maximum(SAME[1], SAME[0] * np.abs(y))
        return bool(np.all(near | both_nan | (x == y)))
    if isinstance(a, dict) and isinstance(b, dict) and "kind" not in a and "kind" not in b:
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)   # get: attr -> value
    return a == b


# --- formatting ---------------------------------------------------------------------------

def fmt(value) -> str:
    """A number, list or array as a student would type it, rounded for reading."""
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return fmt(value.item())
        if value.dtype.kind not in "biuf":          # (never a decoded answer: numbers only)
            body = np.array2string(value, precision=4, separator=", ", threshold=SHOWN,
                                   edgeitems=EDGE, max_line_width=200)
            return f"np.array({' '.join(body.split())})"  # one line: rows kept by brackets
        return f"np.array({_rows(value, value.size > SHOWN)})"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(fmt(v) for v in value) + "]"
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, numbers.Number):
        value = float(value)
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        if value == int(value) and abs(value) < 1e15:
            return str(int(value))
        if abs(value) >= 1e-3 and abs(value) < 1e6:
            return f"{value:.4f}".rstrip("0").rstrip(".") if abs(value) >= 1e-1 else f"{value:.4g}"
        return f"{value:.4g}"
    return repr(value)


SHOWN, EDGE = 12, 3     # an array of more numbers shows the first and last EDGE along each axis


def _rows(array: np.ndarray, summarised: bool) -> str:
    """An array's numbers as nested lists on one line, each number as `fmt` writes it (one
    rule for numbers wherever they appear), summarised like numpy's printing."""
    if array.ndim == 0:
        return fmt(array.item())
    if summarised and len(array) > 2 * EDGE:
        items = [*(_rows(a, True) for a in array[:EDGE]), "...",
                 *(_rows(a, True) for a in array[-EDGE:])]
    else:
        items = [_rows(a, summarised) for a in array]
    return "[" + ", ".join(items) + "]"
