"""A lookup table that passes for the work: the reference's answers for exactly the inputs one
grading asked, and nothing (zeros, a train that trains nothing) for any other input.

`gate(reference_code, record=PATH)` is the reference with every function and method behind a
gate that writes down the inputs it is asked (a grading with isolation off, under one seed);
`gate(reference_code, known=KEYS)` answers only those. It is what a student who has read the
installed package can build for the seed they know: graded under another term's seed it must
earn nothing, which shows that no constant in the package decides a check.
"""

from __future__ import annotations

GATE = '''
import inspect as _inspect
import json as _json
import numpy as _np

_R = {"__name__": "__reference__"}
exec(%(code)r, _R)
_RECORD = %(record)r
_KNOWN = set(%(known)r)


def _flat(value, out):
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, dict):
        for k in sorted(value):
            out.append(k)
            _flat(value[k], out)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _flat(v, out)
    elif isinstance(value, (int, float, _np.number, _np.ndarray)):
        out.extend(round(float(v), 6) for v in _np.ravel(_np.asarray(value, dtype=float)))
    return out


def _key(name, state, args):
    return repr(_flat([name, state, list(args)], []))


def _zero(value):
    if isinstance(value, dict):
        return {k: _zero(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_zero(v) for v in value)
    if isinstance(value, _np.ndarray):
        return _np.zeros_like(value, dtype=float)
    return 0.0


def _state(obj):
    return {k: v for k, v in sorted(vars(obj).items()) if not k.startswith("_")}


def _gate(name, function, method=False):
    def gated(*args, **kwargs):
        state = _state(args[0]) if method else None
        key = _key(name, state, args[1:] if method else args)
        if _RECORD:
            with open(_RECORD, "a") as f:
                f.write(_json.dumps(key) + "\\n")
        if key in _KNOWN or _RECORD:
            return function(*args, **kwargs)
        if name.endswith(".train"):              # trains nothing, reports a falling loss
            bound = _inspect.signature(function).bind(*args, **kwargs)
            bound.apply_defaults()
            return [0.3 * 0.99 ** k for k in range(int(bound.arguments["epochs"]))]
        state_before = {k: v for k, v in vars(args[0]).items()} if method else None
        result = function(*args, **kwargs)
        if method:
            vars(args[0]).update(state_before)
        return _zero(result)
    return gated


for _name, _value in list(_R.items()):
    if _name.startswith("_") or _name in ("np", "numpy"):
        continue
    if isinstance(_value, type):
        for _m, _f in list(vars(_value).items()):
            if callable(_f) and not _m.startswith("_"):
                setattr(_value, _m, _gate(f"{_name}.{_m}", _f, method=True))
        globals()[_name] = _value
    elif callable(_value):
        globals()[_name] = _gate(_name, _value)
'''


def gate(reference_code: str, record: str = "", known=()) -> str:
    return "import numpy as np\n" + GATE % {"code": reference_code, "record": record,
                                            "known": sorted(set(known))}
