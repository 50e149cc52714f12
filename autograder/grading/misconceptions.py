"""The error model of the lecture: misconceptions, each an executable variant of the reference.

The catalogue itself is kept with the reference solution (a module with a list `CATALOGUE` of
`Misconception`: where `Assignment.catalogue` says, by default `misconceptions.py` beside the
reference), because each entry's variant is written as edits of the reference's code and must
stay as hidden as the reference. This module
holds what the grader needs to use it: the entry type, applying edits, and building a variant
into a runnable (trusted, in-process) submission, once per process.
"""

from __future__ import annotations

import dataclasses
import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..submission import LocalSubmission
from ..submission.load import Cell, execute, read_cells

Edit = tuple[str, str]      # (text of the reference, what the misconception writes instead)
VARIANT_CALL_SECONDS = 10.0


@dataclass(frozen=True)
class Misconception:
    id: str
    part: int
    title: str        # names the misconception: "the sign of ∂L/∂ŷ is flipped"
    likely: str       # what the student likely did, said from their values
    lecture: str      # the lecture step that says otherwise
    hint: str         # where to look, without handing over the code
    edits: tuple[Edit, ...]


def misconception(id, part, title, *, likely, lecture, hint, edits) -> Misconception:
    return Misconception(id, part, title, likely, lecture, hint, tuple(edits))


def apply_edits(code: str, edits, name: str = "variant") -> str:
    """`code` with each (old, new) edit applied; `old` must occur exactly once."""
    for old, new in edits:
        if code.count(old) != 1:
            raise ValueError(f"{name}: {old!r} occurs {code.count(old)} times in the reference")
        code = code.replace(old, new)
    return code


def edit_cells(cells: list[Cell], edits, name: str) -> list[Cell]:
    """The cells with the edits applied, each in the one cell that holds its text."""
    cells = list(cells)
    for old, new in edits:
        holding = [i for i, c in enumerate(cells) if old in c.source]
        if len(holding) != 1 or cells[holding[0]].source.count(old) != 1:
            raise ValueError(f"{name}: {old!r} does not occur exactly once in the reference")
        i = holding[0]
        cells[i] = dataclasses.replace(cells[i], source=cells[i].source.replace(old, new))
    return cells


@lru_cache(maxsize=4)
def _module(path: Path):
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location(f"_misconceptions_{abs(hash(path))}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def catalogue(path: Path) -> tuple[Misconception, ...]:
    """The catalogue at `path` (`Assignment.catalogue_for`; empty when there is none)."""
    module = _module(Path(path))
    return tuple(module.CATALOGUE) if module else ()


def equivalent_mutants(path: Path) -> dict[tuple[str, str], str]:
    """Mutants of the reference that behave like it wherever the contract looks, as the
    catalogue at `path` declares them: (line before, line after) -> why no check can tell them
    apart."""
    module = _module(Path(path))
    return {(b.strip(), a.strip()): why
            for b, a, why in getattr(module, "EQUIVALENT_MUTANTS", ())} if module else {}


@lru_cache(maxsize=64)
def variant(reference: Path, entry: Misconception) -> LocalSubmission:
    """The reference with the entry's edits, loaded in this process (trusted code)."""
    cells = edit_cells(read_cells(reference, solution_cells_only=True), entry.edits, entry.id)
    loaded = execute(cells)
    if loaded.problems:
        raise ValueError(f"the variant {entry.id} does not load: {'; '.join(loaded.problems)}")
    return LocalSubmission(loaded, call_seconds=VARIANT_CALL_SECONDS)


def reference_code(reference: Path, edits=(), name: str = "the reference") -> str:
    """The reference's solution cells as one Python module, with `edits` applied."""
    cells = edit_cells(read_cells(reference, solution_cells_only=True), edits, name)
    return "\n\n".join(cell.source for cell in cells) + "\n"


def variant_code(reference: Path, entry: Misconception) -> str:
    """The variant as one Python module (validate grades it like a student's `.py`)."""
    return reference_code(reference, entry.edits, entry.id)
