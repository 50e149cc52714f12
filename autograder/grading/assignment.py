"""What an assignment is to the engine, and how the engine finds one by name.

An assignment is a package of its own (the course's content, outside this engine) that
declares everything about itself in one `Assignment` value: its name (which is also its
notebook's file name), title, parts, checks in order, where its reference solution and its
student release live, and the pictures of its feedback report. It registers under its name
through the `autograder.assignments` entry point group of its distribution:

    [project.entry-points."autograder.assignments"]
    my_course = "my_package.my_course:ASSIGNMENT"

The engine receives the value and never imports an assignment by its name; `docs/authoring.md`
walks through writing one.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:                   # numpy stays unimported until a check is needed
    from .checks.base import Check


@dataclass(frozen=True)
class Assignment:
    name: str                                  # the notebook is <name>.ipynb, the module <name>.py
    title: str                                 # "Introduction to neural networks"
    parts: dict[int, str]                      # part number -> title, in order
    checks: tuple[Check, ...]                  # in order: numbered "P.K" within each part
    reference: Path                            # the reference notebook (nbgrader's source)
    release: Path                              # the untouched student notebook
    figures: Callable = field(default=lambda sub, ref, results, logs: [], compare=False)
    default: bool = False                      # the one a submission of no known name is graded as
    lends: dict = field(default_factory=dict)  # part -> the earlier parts' `carry.Lend`s its
                                               # code may call (error carried forward)
    catalogue: Path | None = None              # its misconceptions (`misconceptions.py`, as
                                               # hidden as the reference); None: beside it

    def __post_init__(self):
        ids = [c.id for c in self.checks]
        if len(set(ids)) != len(ids):
            raise ValueError(f"{self.name}: two checks share an id")
        unknown = {c.part for c in self.checks} - set(self.parts)
        if unknown:
            raise ValueError(f"{self.name}: checks of undeclared parts {sorted(unknown)}")
        for part, lent in self.lends.items():       # a part is never judged with its own lent
            if any(lend.part >= part for lend in lent):
                raise ValueError(f"{self.name}: part {part} may lend only earlier parts' "
                                 "functions")

    def catalogue_for(self, reference: Path) -> Path:
        """Its misconception catalogue when graded against `reference`: the declared one
        (`catalogue`) with the declared reference; else `misconceptions.py` beside `reference`
        (the reference an instructor names instead, a Gradescope bundle's copy of both)."""
        if self.catalogue is not None and Path(reference) == Path(self.reference):
            return Path(self.catalogue)
        return Path(reference).parent / "misconceptions.py"

    @property
    def notebook(self) -> str:
        return f"{self.name}.ipynb"

    def part_points(self, part: int, visibility: str | None = None) -> float:
        return sum(c.points for c in self.checks
                   if c.part == part and (visibility is None or c.visibility == visibility))

    @property
    def max_score(self) -> float:
        return sum(c.points for c in self.checks)


class UnknownAssignment(LookupError):
    """No installed assignment has that name."""


_LOADED: dict[str, Assignment] = {}     # the assignments loaded so far, by name


GROUP = "autograder.assignments"


@lru_cache(maxsize=1)
def _entry_points() -> dict[str, str]:
    """Every installed assignment's entry point: name -> "module:attribute". Reading them with
    `importlib.metadata` costs 30-40 ms of a grading's start (it imports the email package);
    the table is kept in `disk_cache` under the installed distributions' entry_points.txt
    files (each one's path, size and time: installing, removing or reinstalling one changes
    the key), which are listed in about a millisecond."""
    from . import disk_cache

    key = f"entry-points-{GROUP}-{sys.version}-{_distributions()}"
    table = disk_cache.get(key)
    if not (isinstance(table, dict) and all(type(v) is str for v in table.values())):
        from importlib.metadata import entry_points
        table = {point.name: point.value for point in entry_points(group=GROUP)}
        disk_cache.put(key, table)
    return table


def _distributions() -> str:
    """The installed distributions' entry_points.txt files on `sys.path`, each with its size
    and time, hashed: where `importlib.metadata` looks for entry points."""
    seen = []
    for place in sys.path:
        try:
            folders = [e for e in os.scandir(os.path.abspath(place or "."))
                       if e.name.endswith((".dist-info", ".egg-info"))]
        except OSError:
            continue
        for folder in folders:
            try:
                info = os.stat(os.path.join(folder.path, "entry_points.txt"))
            except OSError:
                continue
            seen.append(f"{folder.path}:{info.st_size}:{info.st_mtime_ns}")
    return hashlib.sha256("\n".join(seen).encode()).hexdigest()


def _loaded_entry_point(value: str):
    """What an entry point's "module:attribute" names (`EntryPoint.load`'s rule)."""
    module, _, attribute = value.partition(":")
    found = importlib.import_module(module.strip())
    for name in filter(None, attribute.strip().split(".")):
        found = getattr(found, name)
    return found


def names() -> set[str]:
    """The installed assignments' names, none of them loaded."""
    return set(_entry_points()) | set(_LOADED)


def registered() -> dict[str, Assignment]:
    """Every installed assignment, by name (the `autograder.assignments` entry points)."""
    for name in _entry_points():
        _load(name)
    return _LOADED


def _load(name: str) -> Assignment | None:
    """One installed assignment, loaded (its checks imported) only when it is asked for."""
    if name not in _LOADED and name in _entry_points():
        assignment = _loaded_entry_point(_entry_points()[name])
        if assignment.name != name:
            raise ValueError(f"the entry point {name} holds the assignment "
                             f"{assignment.name}: register each under its own name")
        _LOADED[name] = assignment
    return _LOADED.get(name)


def register(assignment: Assignment) -> None:
    """Install an assignment in this process without a distribution (tests, embedding)."""
    if registered().get(assignment.name, assignment) is not assignment:
        raise ValueError(f"another assignment is registered as {assignment.name}")
    _LOADED[assignment.name] = assignment


def named(name: str) -> Assignment:
    found = _load(name)
    if found is None:
        known = ", ".join(sorted(names())) or "none"
        raise UnknownAssignment(f"no assignment named {name!r} is installed (installed: "
                                f"{known})")
    return found


def default() -> Assignment:
    """The assignment a submission is graded as when nothing names another."""
    chosen = [a for a in registered().values() if a.default]
    if len(chosen) != 1:
        raise UnknownAssignment("exactly one installed assignment must be the default; "
                                f"found {len(chosen)}")
    return chosen[0]


def decide(path: Path | None = None, *, name: str | None = None,
           notebook: dict | None = None) -> Assignment:
    """The one rule that says which installed assignment a submission is, for every front end:

    1. `name`, when given (the command line's `--assignment`, nbgrader's assignment id when it
       is an installed one): that one, or `UnknownAssignment`;
    2. a folder `path`: the assignment whose notebook (`<name>.ipynb`) or module (`<name>.py`)
       it holds;
    3. a file `path` named `<name>.ipynb` or `<name>.py`;
    4. a notebook (`notebook`, else read from an `.ipynb` `path`): the assignment its test
       cells call `grade_part` with (several different ones: `UnknownAssignment`, since a
       student may add cells that look like test cells), else a cell's nbgrader grade id that
       begins with `<name>_`;
    5. the default one.
    """
    if name:
        return named(name)
    path = None if path is None else Path(path)
    folder = path is not None and path.is_dir() and not path.is_symlink()
    if path is not None and not folder and path.stem in names():
        return named(path.stem)                 # by its name: no other assignment is loaded
    assignments = registered()
    if folder:
        for assignment in assignments.values():
            if any((path / f).exists() for f in (assignment.notebook, f"{assignment.name}.py")):
                return assignment
        return default()
    if path is not None and notebook is None and path.suffix == ".ipynb":
        notebook = _notebook(path)
    if isinstance(notebook, dict):
        found = _by_cells(notebook, assignments)
        if found is not None:
            return found
    return default()


def _notebook(path: Path) -> dict | None:
    from ..submission.files import SubmissionUnreadable, read_bytes

    try:
        found = json.loads(read_bytes(path))
    except (SubmissionUnreadable, ValueError, RecursionError):
        return None
    return found if isinstance(found, dict) else None


TEST_CELL = re.compile(r"grade_part\(\s*[\"'](?P<name>\w+)[\"']\s*,")


def _by_cells(notebook: dict, assignments: dict) -> Assignment | None:
    """The assignment a notebook's cells name: in their test cells' `grade_part` calls, else
    in a grade id's prefix."""
    cells = [c for c in notebook.get("cells", []) if isinstance(c, dict)]
    meta = [c.get("metadata", {}).get("nbgrader", {}) if isinstance(c.get("metadata"), dict)
            else {} for c in cells]
    called = set()
    for cell, grader in zip(cells, meta):
        source = cell.get("source", "")
        source = "".join(s for s in source if isinstance(s, str)) if isinstance(
            source, list) else source
        if isinstance(grader, dict) and grader.get("grade") and not grader.get("solution") \
                and isinstance(source, str):
            called |= {m["name"] for m in TEST_CELL.finditer(source)}
    if len(called) > 1:
        raise UnknownAssignment(f"the test cells name several assignments "
                                f"({', '.join(sorted(called))})")
    if called:
        return named(called.pop())
    for grader in meta:
        grade_id = grader.get("grade_id", "") if isinstance(grader, dict) else ""
        for name in assignments:
            if isinstance(grade_id, str) and grade_id.startswith(f"{name}_"):
                return assignments[name]
    return None
