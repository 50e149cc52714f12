"""Load a submission: its code, cell by cell, executed into a fresh namespace.

A notebook is the namespace its code cells build, in order. A cell that raises is reported and
the cells after it still run. nbgrader test cells (and any cell that calls the autograder) are
not the student's code and are skipped; IPython magics and shell escapes are skipped line by
line. A `.py` file is split into its top-level statements, each run as its own cell, so that
one statement that raises, hangs or does not parse costs only itself (as a notebook cell would).
"""

from __future__ import annotations

import ast
import io
import json
import re
import tokenize
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from ..report.escape import clean
from .files import SubmissionUnreadable, read_bytes
from .quiet import Sink, quiet


@dataclass
class Cell:
    number: int          # 1-based, among the notebook's code cells (or the file's statements)
    source: str
    label: str           # the file name in tracebacks: "cell 3" (every cell counted from the
                         # top, Markdown too, as a student counts them) or "answers.py"
    lines: str = ""      # for a .py file, the lines the statement spans: "12-18"

    @property
    def first_line(self) -> int:
        """The line of the file the source starts at (tracebacks name the file's lines)."""
        return int(self.lines.partition("-")[0]) if self.lines else 1

    @property
    def where(self) -> str:
        """How feedback names it: "cell 3" or "answers.py, lines 12-18"."""
        if not self.lines:
            return self.label
        first, _, last = self.lines.partition("-")
        return f"{self.label}, line {first}" if first == last else f"{self.label}, lines {self.lines}"


@dataclass
class Loaded:
    namespace: dict
    problems: list[str] = field(default_factory=list)   # one line per cell that raised
    output: Sink = field(default_factory=Sink)           # what the code printed while loading


MAX_CELLS = 1000                 # a .py of more top-level statements is run in this many groups
MAX_PROBLEMS = 20                # load problems reported one by one; the rest are counted


SKIP_TAG = "skip-at-grading"    # a cell tag: a demonstration (a long training run, a plot)
                                # that defines nothing the checks call; never run by the kit


def read_cells(path: Path, solution_cells_only: bool = False) -> list[Cell]:
    """The student's code cells of a `.ipynb`, or a `.py` file's top-level statements.
    Cells tagged `SKIP_TAG` are left out, as otter leaves out `otter_ignore`'s: the same in
    the students' `pytest`, in nbgrader's sandboxed step and at grading.

    `solution_cells_only` keeps only the cells nbgrader marks as solution or read-only code:
    the reference's definitions, without its demonstration cells (the part-6 training run);
    the reference is the instructor's, so it may be reached through a symbolic link.
    """
    path = Path(path)
    text = read_bytes(path, follow_links=solution_cells_only).decode("utf-8", errors="replace")
    if path.suffix != ".ipynb":
        return split_module(text, path.name)
    try:
        notebook = json.loads(text)
        cells = notebook["cells"]
        assert isinstance(cells, list)
    except (ValueError, KeyError, TypeError, AssertionError, RecursionError):
        raise SubmissionUnreadable(
            f"{path.name} is not a readable Jupyter notebook (invalid JSON or no 'cells'); "
            "re-download it or save it again from Jupyter") from None
    out = []
    for number, cell in enumerate(cells, start=1):   # as a student counts them: every cell
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(s for s in source if isinstance(s, str))
        if not isinstance(source, str) or _is_grading_cell(cell, source) or _skipped(cell):
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

    Each cell remembers the line it starts at (`Cell.first_line`), so tracebacks and syntax
    errors name the line in the student's file. A file that does not parse is cut before each
    line that starts a definition, an import or an assignment at column 0, so only the piece
    holding the error is lost. A file of more than `MAX_CELLS` statements is run in
    `MAX_CELLS` groups of consecutive ones. The work is linear in the file's size.
    """
    lines = text.split("\n")
    try:
        tree = ast.parse(text)
        spans = [(min([n.lineno for n in getattr(node, "decorator_list", [])] + [node.lineno]),
                  node.end_lineno) for node in tree.body]
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        starts = [i + 1 for i, line in enumerate(lines)
                  if _STATEMENT_START.match(line) and not (i and lines[i - 1].startswith("@"))]
        starts = [1] + [s for s in starts if s > 1]
        spans = [(a, b - 1) for a, b in zip(starts, starts[1:] + [len(lines) + 1])]
    if len(spans) > MAX_CELLS:
        size = -(-len(spans) // MAX_CELLS)
        spans = [(spans[i][0], spans[min(i + size, len(spans)) - 1][1])
                 for i in range(0, len(spans), size)]
    cells = []
    for number, (first, last) in enumerate(spans, 1):
        body = "\n".join(lines[first - 1:last])
        if body.strip():
            cells.append(Cell(number, body, name, f"{first}-{last}"))
    return cells or [Cell(1, text, name)]


def _nbgrader(cell: dict) -> dict:
    meta = cell.get("metadata", {})
    nbgrader = meta.get("nbgrader", {}) if isinstance(meta, dict) else {}
    return nbgrader if isinstance(nbgrader, dict) else {}


def _skipped(cell: dict) -> bool:
    meta = cell.get("metadata")
    tags = meta.get("tags") if isinstance(meta, dict) else None
    return isinstance(tags, list) and SKIP_TAG in tags


def _is_grading_cell(cell: dict, source: str) -> bool:
    nbgrader = _nbgrader(cell)
    if nbgrader.get("grade") and not nbgrader.get("solution"):
        return True
    return "from autograder" in source or "import autograder" in source


def _strip_ipython(source: str) -> str:
    """Blank out lines that are IPython syntax (`%magic`, `!shell`), keeping line numbers.

    Only a line that starts a new logical line can be a magic: one inside brackets or a
    string, or after a backslash, continues Python code (`!= 3` on the second line of a
    parenthesised comparison is not a shell escape). Where the lines start is told by
    Python's own tokenizer."""
    lines = source.split("\n")
    starts = _logical_starts(source, len(lines))
    return "\n".join("" if i in starts and line.lstrip().startswith(("%", "!")) else line
                     for i, line in enumerate(lines))


def _logical_starts(source: str, count: int) -> set[int]:
    """The indexes of the lines where a new logical line of Python begins."""
    starts, depth, line = {0}, 0, 0
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.OP and token.string in "([{":
                depth += 1
            elif token.type == tokenize.OP and token.string in ")]}":
                depth = max(depth - 1, 0)
            elif token.type in (tokenize.NEWLINE, tokenize.NL) and depth == 0:
                starts.add(token.end[0])        # the next line (0-based index = 1-based row)
            line = token.end[0]
    except (tokenize.TokenError, SyntaxError, IndentationError):
        # Unfinished code (an open bracket or string at the end): lines after the last one
        # read start a logical line when the one before them is not continued.
        lines = source.split("\n")
        starts |= {i for i in range(max(line, 1), count)
                   if not lines[i - 1].rstrip().endswith(("\\", ",", "(", "[", "{"))}
    return starts


SUBMISSION_SEED = 0


def seed_submission_rngs() -> None:
    """The submission's np.random and random start from a fixed seed, so that its random
    initial values, and a feedback message that quotes them, are the same at every grading
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
            code = _compile(cell, filename)
        except SyntaxError as error:
            line = (error.lineno or 1) + cell.first_line - 1
            loaded.problems.append(
                f"{cell.where}: SyntaxError on line {line}: {error.msg}; "
                f"nothing in {'this cell' if not cell.lines else 'these lines'} was run")
            continue
        except (RecursionError, MemoryError, ValueError) as error:
            loaded.problems.append(f"{cell.where}: Python cannot compile it "
                                   f"({type(error).__name__}); nothing in it was run")
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


def _compile(cell: Cell, filename: str):
    """The cell's code, its line numbers those of the student's file."""
    tree = ast.parse(cell.source, filename)
    if cell.first_line > 1:
        ast.increment_lineno(tree, cell.first_line - 1)
    return compile(tree, filename, "exec")


def reported(problems: list[str]) -> list[str]:
    """Load problems as reported: each cut to a line's length, the first `MAX_PROBLEMS` of
    them, then how many more there were."""
    shown = [clean(p, 300) for p in problems[:MAX_PROBLEMS]]
    if len(problems) > MAX_PROBLEMS:
        shown.append(f"… and {len(problems) - MAX_PROBLEMS} more problems like these")
    return shown


def describe_exception(error: BaseException, filename: str | None = None) -> str:
    """'ZeroDivisionError: division by zero (line 4 of cell 3)' for a student's exception."""
    where = ""
    frames = traceback.extract_tb(error.__traceback__)
    student = [f for f in frames if f.filename.startswith("<")]
    if student:
        last = student[-1]
        where = f" (line {last.lineno} of {last.filename.strip('<>')})"
    try:
        message = clean(str(error), 300)
    except BaseException:  # noqa: BLE001 - a student's __str__ may raise anything
        message = "(its message could not be read)"
    name = clean(type(error).__name__, 100)
    return f"{name}: {message}{where}" if message else f"{name}{where}"


def load(path: Path) -> Loaded:
    return execute(read_cells(Path(path)))
