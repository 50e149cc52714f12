"""Load a submission: its code, cell by cell, executed into a fresh namespace.

A notebook is the namespace its code cells build, in order. A cell that raises is reported and
the cells after it still run. nbgrader test cells (and any cell that calls the autograder) are
not the student's code and are skipped; IPython magics and shell escapes are skipped line by
line. A `.py` file is split into its top-level statements, each run as its own cell, so that
one statement that raises, hangs or does not parse costs only itself (as a notebook cell would).
"""

from __future__ import annotations

import ast
import json
import re
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from .quiet import Sink, quiet


class SubmissionUnreadable(Exception):
    """The file is not a notebook or Python source we can read (the whole submission fails)."""


@dataclass
class Cell:
    number: int          # 1-based, among the notebook's code cells (or the file's statements)
    source: str
    label: str           # the file name in tracebacks: "cell 3" or "nn_intro.py"
    lines: str = ""      # for a .py file, the lines the statement spans: "12-18"

    @property
    def where(self) -> str:
        """How feedback names it: "cell 3" or "nn_intro.py, lines 12-18"."""
        if not self.lines:
            return self.label
        first, _, last = self.lines.partition("-")
        return f"{self.label}, line {first}" if first == last else f"{self.label}, lines {self.lines}"


@dataclass
class Loaded:
    namespace: dict
    problems: list[str] = field(default_factory=list)   # one line per cell that raised
    output: Sink = field(default_factory=Sink)           # what the code printed while loading


def read_cells(path: Path, solution_cells_only: bool = False) -> list[Cell]:
    """The student's code cells of a `.ipynb`, or a `.py` file as one cell.

    `solution_cells_only` keeps only the cells nbgrader marks as solution or read-only code:
    the reference's definitions, without its demonstration cells (the part-6 training run).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        raise SubmissionUnreadable(f"cannot read {path.name}: {error.strerror}") from None
    if path.suffix != ".ipynb":
        return split_module(text, path.name)
    try:
        notebook = json.loads(text)
        cells = notebook["cells"]
        assert isinstance(cells, list)
    except (ValueError, KeyError, TypeError, AssertionError):
        raise SubmissionUnreadable(
            f"{path.name} is not a readable Jupyter notebook (invalid JSON or no 'cells'); "
            "re-download it or save it again from Jupyter") from None
    out = []
    number = 0
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        number += 1
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(s for s in source if isinstance(s, str))
        if not isinstance(source, str) or _is_grading_cell(cell, source):
            continue
        if solution_cells_only and not _nbgrader(cell):
            continue
        out.append(Cell(number, _strip_ipython(source), f"cell {number}"))
    return out


# A line that starts a new top-level statement when the file does not parse as a whole.
_STATEMENT_START = re.compile(
    r"(def |class |async def |@|import |from |while |for |if |try:|with |assert |raise |print\(|"
    r"[A-Za-z_][A-Za-z_0-9]* *=[^=])")


def split_module(text: str, name: str) -> list[Cell]:
    """A .py file's top-level statements as cells (decorators stay with their definition).

    Each cell's source keeps its line numbers (it is padded with blank lines), so tracebacks
    and syntax errors name the line in the student's file. A file that does not parse is cut
    before each line that starts a definition, an import or an assignment at column 0, so
    only the piece holding the error is lost.
    """
    lines = text.split("\n")
    try:
        tree = ast.parse(text)
        spans = [(min([n.lineno for n in getattr(node, "decorator_list", [])] + [node.lineno]),
                  node.end_lineno) for node in tree.body]
    except (SyntaxError, ValueError):
        starts = [i + 1 for i, line in enumerate(lines)
                  if _STATEMENT_START.match(line) and not (i and lines[i - 1].startswith("@"))]
        starts = [1] + [s for s in starts if s > 1]
        spans = [(a, b - 1) for a, b in zip(starts, starts[1:] + [len(lines) + 1])]
    cells = []
    for number, (first, last) in enumerate(spans, 1):
        body = "\n".join(lines[first - 1:last])
        if body.strip():
            cells.append(Cell(number, "\n" * (first - 1) + body, name, f"{first}-{last}"))
    return cells or [Cell(1, text, name)]


def _nbgrader(cell: dict) -> dict:
    meta = cell.get("metadata", {})
    nbgrader = meta.get("nbgrader", {}) if isinstance(meta, dict) else {}
    return nbgrader if isinstance(nbgrader, dict) else {}


def _is_grading_cell(cell: dict, source: str) -> bool:
    nbgrader = _nbgrader(cell)
    if nbgrader.get("grade") and not nbgrader.get("solution"):
        return True
    return "from autograder" in source or "import autograder" in source


def _strip_ipython(source: str) -> str:
    """Blank out lines that are IPython syntax (`%magic`, `!shell`), keeping line numbers."""
    lines = source.split("\n")
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in lines)


SUBMISSION_SEED = 0


def seed_submission_rngs() -> None:
    """The submission's np.random and random start from a fixed seed, so that its random
    initial weights, and a feedback message that quotes them, are the same at every grading
    (a constant, not the term's seed: the hidden inputs cannot be read back from it)."""
    import random

    import numpy

    random.seed(SUBMISSION_SEED)
    numpy.random.seed(SUBMISSION_SEED)


def execute(cells: list[Cell], namespace: dict | None = None) -> Loaded:
    """Run the cells in order into one namespace; a cell that raises is reported, not fatal."""
    namespace = {"__name__": "__submission__"} if namespace is None else namespace
    loaded = Loaded(namespace)
    for cell in cells:
        filename = f"<{cell.label}>"
        try:
            code = compile(cell.source, filename, "exec")
        except SyntaxError as error:
            loaded.problems.append(
                f"{cell.where}: SyntaxError on line {error.lineno}: {error.msg}; "
                f"nothing in {'this cell' if not cell.lines else 'these lines'} was run")
            continue
        try:
            with warnings.catch_warnings(), quiet(loaded.output):
                warnings.simplefilter("ignore")
                exec(code, namespace)
        except BaseException as error:  # noqa: BLE001 - student code may raise anything
            if isinstance(error, KeyboardInterrupt):
                raise
            loaded.problems.append(f"{cell.where}: {describe_exception(error, filename)}")
    return loaded


def describe_exception(error: BaseException, filename: str | None = None) -> str:
    """'ZeroDivisionError: division by zero (line 4 of cell 3)' for a student's exception."""
    where = ""
    frames = traceback.extract_tb(error.__traceback__)
    student = [f for f in frames if f.filename.startswith("<")]
    if student:
        last = student[-1]
        where = f" (line {last.lineno} of {last.filename.strip('<>')})"
    message = str(error)
    if len(message) > 300:
        message = message[:300] + "..."
    name = type(error).__name__
    return f"{name}: {message}{where}" if message else f"{name}{where}"


def load(path: Path) -> Loaded:
    return execute(read_cells(Path(path)))
