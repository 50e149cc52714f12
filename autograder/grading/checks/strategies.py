"""The one way checks run a hypothesis search, and the engine's smallest strategies.

An assignment writes its own named strategies (its networks, samples, data sets) from these
and hypothesis's; `search` runs a check's body on the examples a strategy draws. Searches are
deterministic: the seed is the term's (`Settings.seed`, set for the duration of a grading by
`seeded`), there is no example database, and the failing example reported is the one
hypothesis shrinks to. The examples a search draws while every one passes are kept in the
grader's cache, keyed by the seed, hypothesis's version and the source of the engine's checks
and of the assignment that defines the strategy.

Why one module of this size: the replay of drawn examples stands in for hypothesis's own
search, so it must agree with it example for example (the same strategy, seed and settings,
the same simplest example, the same stops); the search, its replay and the keys that name
what was drawn are kept where one reading shows they agree.
"""

from __future__ import annotations

import copy
import hashlib
import importlib
import importlib.util
import pickle
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from ...submission import Crashed, MissingName, NotImplementedYet, OutOfTime
from .. import disk_cache
from ..settings import DEFAULT_SEED
from .base import CrashedCall, Fail, Stopped


class _Lazy:
    """A module imported on first use: a grading whose searches all replay cached examples
    never imports hypothesis (a sixth of a second of every `autograder grade`)."""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attr):
        return getattr(importlib.import_module(self._name), attr)


_SEED: ContextVar[int] = ContextVar("seed", default=DEFAULT_SEED)


@contextmanager
def seeded(seed: int):
    """Searches inside draw from `seed` (the grading's settings, passed down by the runner)."""
    token = _SEED.set(int(seed))
    try:
        yield
    finally:
        _SEED.reset(token)


def term_rng(purpose: str):
    """Numbers of this term, for inputs a check picks without a search (a `beyond`
    confirmation's, a training run's start): a numpy generator seeded by the term's seed (the
    instructor's secret) and `purpose` (the check's own name), so no constant in the installed
    package says what a grading will ask, and a table of answers cannot pass for the work."""
    import numpy as np

    digest = hashlib.sha256(f"{_SEED.get()}/{purpose}".encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "little"))


def term_values(purpose: str, n: int, limit: float, least: float = 0.1) -> list[float]:
    """`n` numbers of this term (`term_rng`) in [−limit, limit], three decimals each, none
    within `least` of 0: signs alternate from a random one, and the first two lie below 1 in
    size, the next two above (so each sign and both scales are there whatever the term)."""
    rng = term_rng(purpose)
    sign = rng.choice([-1.0, 1.0])
    low = (least, min(1.0, limit))
    high = (1.0, limit) if limit > 1 else low
    return [round(float(sign * (-1) ** i * rng.uniform(*(low if i % 4 < 2 else high))), 3)
            for i in range(n)]


st = _Lazy("hypothesis.strategies")
hnp = _Lazy("hypothesis.extra.numpy")


def floats(limit: float, width: int = 64):
    return st.floats(-limit, limit, allow_nan=False, allow_infinity=False, width=width)


def readable(limit: float):
    """Floats with three decimals: failing examples stay readable in feedback."""
    return floats(limit).map(lambda v: round(v, 3))


def search(strategy, body, *, examples: int = 40, shrink: bool = True, cases=()) -> None:
    """Run `body(example)` on examples drawn from `strategy()` (a function that makes the
    hypothesis strategy, called only when examples must be drawn); a failure raises `Fail` for the
    simplest failing example hypothesis finds within `SHRINK_CALLS` tries. A call that hangs,
    ends the submission's process or meets its memory limit, a stub that still raises
    NotImplementedError and a missing name stop the search at once (shrinking would only
    repeat them).

    `cases`: strategy factories, one per case the check must meet in every term (each kind of
    layer in each place, a last batch that is partial...). Each gives one example
    of the term's seed (the last of `CASE_DRAWS` drawn: hypothesis starts from its simplest,
    all-zero examples), tried before the search's own draws, so a term's grade never depends on
    whether its random draws happened to reach a case.

    Fast path: the examples a search draws are fixed by the seed while every example passes,
    so they are drawn once (per seed and version of the checks, kept in `disk_cache`) and
    replayed without hypothesis's engine. At the first example that does not pass, the real
    search runs from the start and finds, and shrinks, the failure exactly as before; unless
    that example is the first, and the first is hypothesis's simplest (`Drawn.simplest_first`):
    the real search would fail there and find nothing simpler, so its failure stands as it is
    (a wrong function fails there most often, and hypothesis is not imported for it)."""
    key = (f"search-{_CHECKS_VERSION}-{_source_version(strategy)}-{_SEED.get()}-{examples}-"
           f"{_identity(strategy)}")
    drawn = _drawn(key, strategy, examples)
    if cases:
        covering = [_drawn(f"case-{key}-{_source_version(case)}-{_identity(case)}", case,
                           CASE_DRAWS) for case in cases]
        drawn = None if drawn is None or None in covering else Drawn(
            [*(case.examples[-1] for case in covering if case.examples), *drawn.examples])
        strategy = _one_of(strategy, cases)
    if drawn is not None:
        for index, example in enumerate(drawn.examples):
            try:
                body(copy.deepcopy(example))
            except STOPS:
                raise
            except Exception as replayed:  # noqa: BLE001 - the real search takes over
                if not (index == 0 and drawn.simplest_first):   # (never with cases first)
                    _search(strategy, body, examples, shrink)
                raise replayed from None   # it must find the failure: else this one stands
        return
    _search(strategy, body, examples, shrink)


CASE_DRAWS = 4       # examples drawn per declared case; the last one is tried


def _one_of(strategy, cases):
    """The real search's strategy when cases are declared: the main one or any case's, so a
    failure met in a case's example can be shrunk there."""
    return lambda: st.one_of(strategy(), *(case() for case in cases))


# Failures that end a search at once: nothing to learn from a smaller example.
STOPS = (CrashedCall, Crashed, OutOfTime, NotImplementedYet, MissingName, Stopped)
SHRINK_CALLS = 30     # examples tried after the first failure, at most: the shrunk example is
                      # simple by then, and a wrong submission's grading stays a few seconds


class _ShrinkBudget(BaseException):
    """Ends hypothesis's shrinking (a BaseException: hypothesis lets it through)."""


def _identity(factory) -> str:
    """What a strategy factory makes, as text: where it is defined and the values it closes
    over or takes by default (`lambda: floats(limit)` with limit 20 and with limit 1000 are
    different searches)."""
    code = getattr(factory, "__code__", None)
    if code is None:
        return repr(factory)
    parts = [factory.__module__, factory.__qualname__, str(code.co_firstlineno),
             *map(repr, factory.__defaults__ or ())]       # `lambda acts=acts: ...` in a loop
    for cell in factory.__closure__ or ():
        parts.append(_identity(cell.cell_contents))
    return "|".join(parts)


def _checks_version() -> str:
    """Changes whenever the engine's checks (or hypothesis) change: names the drawn examples."""
    digest = hashlib.sha256(b"seed-only draws")
    spec = importlib.util.find_spec("hypothesis")   # finds it without importing it; its
    if spec is not None and spec.origin:            # version.py holds the version number
        digest.update(Path(spec.origin).with_name("version.py").read_bytes())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


_CHECKS_VERSION = _checks_version()
_SOURCES: dict[str, str] = {}


def _source_version(factory) -> str:
    """Changes whenever the package that defines a strategy factory changes (an assignment's
    checks and strategies): the examples it draws are named by it too."""
    module = getattr(factory, "__module__", "") or ""
    package = ".".join(module.split(".")[:2])
    if package not in _SOURCES:
        digest = hashlib.sha256()
        try:
            found = importlib.util.find_spec(package) if package else None
        except (ImportError, ValueError):        # `__main__` (a script's own strategy)
            found = None
        if found is not None and found.submodule_search_locations:
            for path in sorted(Path(next(iter(found.submodule_search_locations))).rglob("*.py")):
                digest.update(path.read_bytes())
        elif found is not None and found.origin:
            digest.update(Path(found.origin).read_bytes())
        _SOURCES[package] = digest.hexdigest()[:16]
    return _SOURCES[package]


@dataclass(frozen=True)
class Drawn:
    """The examples a search draws while all pass, in order; `simplest_first`: the first is
    the simplest example the strategy has (what hypothesis tries first, and what any of its
    examples would shrink to were every one a failure)."""
    examples: list
    simplest_first: bool = False


_DRAWN: dict[str, Drawn] = {}


def _drawn(key: str, strategy, examples: int) -> Drawn | None:
    """The examples this search draws while all pass: from memory, the disk, or drawn now."""
    if key not in _DRAWN:
        stored = disk_cache.get_pickle(key)
        if not isinstance(stored, Drawn):
            found: list = []
            try:
                _search(strategy, found.append, examples, shrink=False)
            except Exception:  # noqa: BLE001 - cannot draw: always run the real search
                return None
            try:
                stored = Drawn(found, bool(found) and _same(found[0], _simplest(strategy)))
            except Exception:  # noqa: BLE001 - no simplest example found: the search shrinks
                stored = Drawn(found)
            disk_cache.put_pickle(key, stored)
        _DRAWN[key] = stored
    return _DRAWN[key]


def _simplest(strategy):
    """The strategy's simplest example: what hypothesis shrinks any example to, when any
    would do (a strategy that filters may reject its first try: then it differs from the
    first example drawn)."""
    from hypothesis import HealthCheck, Phase, Verbosity, find, settings

    _seed_only()
    phases = [Phase.generate, Phase.shrink]     # find's others (explain first) cost 0.1-1 s
    return find(strategy(), lambda _: True, settings=settings(
        database=None, deadline=None, phases=phases, suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet))


def _same(a, b) -> bool:
    """The same example, exactly (arrays, their types and -0.0 included)."""
    try:
        return pickle.dumps(a) == pickle.dumps(b)
    except Exception:  # noqa: BLE001 - what cannot be compared is not taken for the same
        return False


def _seed_only() -> None:
    """Draw from the seed alone. Hypothesis (6.131 and later) mixes into its draws the literal
    constants of every loaded module it deems the user's own: with the kit installed editable,
    the kit's own modules, so the hidden inputs changed with the kit's source and with which
    of its modules happened to be imported (a `grade` and a `grade-all` of one file drew
    different examples). The grader's inputs must be the term seed's and nothing else's."""
    try:
        from hypothesis.internal.conjecture import providers
    except ImportError:           # an older or newer layout: nothing of the kind to turn off
        return
    if hasattr(providers, "_get_local_constants") and hasattr(providers, "Constants"):
        empty = providers.Constants()
        if providers._get_local_constants() != empty:      # drop what was gathered already
            providers.CONSTANTS_CACHE.cache.clear()
        providers._get_local_constants = lambda: empty


def _search(strategy, body, examples: int, shrink: bool) -> None:
    from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings
    from hypothesis.errors import Flaky, HypothesisException

    _seed_only()

    phases = [Phase.explicit, Phase.generate] + ([Phase.shrink] if shrink else [])
    stopped: list[Exception] = []
    failed: list[Exception] = []       # the latest is the smallest failing example so far

    @seed(_SEED.get())
    @settings(max_examples=examples, database=None, deadline=None, phases=phases,
              suppress_health_check=list(HealthCheck), verbosity=Verbosity.quiet,
              report_multiple_bugs=False, print_blob=False)
    @given(strategy())
    def run(example):
        if stopped:
            return
        if len(failed) > SHRINK_CALLS:
            raise _ShrinkBudget
        try:
            body(example)
        except STOPS as error:          # no shrinking through hangs, stubs or missing names
            stopped.append(error)
        except Exception as error:
            failed.append(error)
            raise
        else:
            if failed:
                failed.append(None)     # a try of the shrinker that passed counts too

    try:
        run()
        if stopped:
            raise stopped[0]
    except _ShrinkBudget:
        raise next(e for e in reversed(failed) if e is not None) from None
    except Flaky:
        raise Fail("the same call gave different results when repeated (does your code use "
                   "randomness or keep state between calls?)") from None
    except HypothesisException as error:   # a grader fault, not the student's
        raise RuntimeError(f"hypothesis could not run this check: {error}") from error
