"""How alike a cohort's submissions are: every pair ranked for a human to read.

The students' code (a notebook's code cells, or a `.py` file), normalised as Python reads it
(`normalised`: comments, layout and punctuation that carry no meaning dropped), is compared
pairwise by copydetect's winnowing (Schleimer, Wilkerson and Aiken, "Winnowing: local algorithms for
document fingerprinting", 2003): pygments tokenizes each file and replaces every variable,
function and class name by one letter and every string by another, drops comments and
whitespace, hashes every run of `NOISE` remaining characters, and two files share whatever
hashes they both hold. The release's own code is boilerplate: a run every student was given
(the stubs, the docstrings' signatures, the test cells) is no evidence of anything.

A pair's similarity is, for each side, the share of that side's fingerprinted code that the
other side also holds; pairs are ranked by the larger share. The ranking judges nobody: it
says which pairs a person should read first.
"""

from __future__ import annotations

import ast
import io
import itertools
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..grading.assignment import Assignment
from ..report.escape import clean
from ..submission.files import SubmissionUnreadable, read_bytes
from ..submission.load import read_cells
from .batch import discover

NOISE = 25            # copydetect's default noise threshold: shorter matches are not counted
THRESHOLD = 0.5       # pairs at or above it are shown side by side (see docs)
MAX_CHARS = 200_000   # of one student's code; the rest is left out (and said so)


@dataclass
class Code:
    student: str
    text: str = ""
    note: str = ""            # why it was left out or cut, for the report


@dataclass
class Pair:
    a: str
    b: str
    share_a: float            # of a's fingerprinted code, the part b also holds
    share_b: float
    tokens: int               # characters of a's filtered code that match
    slices_a: np.ndarray = field(repr=False, default=None)    # matching regions in a's text
    slices_b: np.ndarray = field(repr=False, default=None)
    above: bool = False       # at or above the report's threshold

    @property
    def score(self) -> float:
        return max(self.share_a, self.share_b)


def code_of(path: Path) -> str:
    """The code a student wrote: a notebook's code cells (not nbgrader's test cells, magics or
    shell lines), or a `.py` file as it is."""
    path = Path(path)
    if path.suffix == ".ipynb":
        return "\n\n".join(cell.source for cell in read_cells(path))
    return read_bytes(path).decode("utf-8", errors="replace")


class _Meaningless(ast.NodeTransformer):
    """Statements that do nothing: a `pass` beside other statements, a lone constant that is
    not a docstring (`...`, `None`, `0`)."""

    def generic_visit(self, node):
        super().generic_visit(node)
        for name in ("body", "orelse", "finalbody"):
            body = getattr(node, name, None)
            if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
                kept = [s for i, s in enumerate(body) if not (
                    isinstance(s, ast.Pass) or (i > 0 and isinstance(s, ast.Expr)
                                                and isinstance(s.value, ast.Constant)))]
                setattr(node, name, kept or [ast.Pass()])
        return node


def normalised(text: str) -> str:
    """The code as Python reads it, written out again (`ast.unparse`): what carries no meaning
    is gone — comments, layout, `;` between statements, trailing commas, parentheses around
    a whole expression, statements that do nothing — so punctuation sprinkled over a copy
    does not change its fingerprints. Code that does not parse as a whole is normalised a
    cell (a blank-line-separated block) at a time, and left as it is where even that fails."""
    try:
        return ast.unparse(_Meaningless().visit(ast.parse(text)))
    except (SyntaxError, ValueError, RecursionError):
        pass
    blocks = []
    for block in text.split("\n\n"):
        try:
            blocks.append(ast.unparse(_Meaningless().visit(ast.parse(block))))
        except (SyntaxError, ValueError, RecursionError):
            blocks.append(block)
    return "\n\n".join(blocks)


def collect(root: Path, assignment: Assignment) -> list[Code]:
    """Every student `grade-all` would find in `root`, with their code or why there is none."""
    codes = []
    for found in discover(root, assignment):
        if found.path is None:
            codes.append(Code(found.student, note=found.reason or "no submission"))
            continue
        try:
            text = code_of(found.path)
        except SubmissionUnreadable as error:
            codes.append(Code(found.student, note=clean(str(error), 300)))
            continue
        note = ""
        if len(text) > MAX_CHARS:
            text, note = text[:MAX_CHARS], f"only the first {MAX_CHARS:,} characters compared"
        codes.append(Code(found.student, normalised(text), note))
    return codes


def _fingerprint(text: str, boilerplate=None):
    from copydetect.detector import CodeFingerprint
    return CodeFingerprint("code.py", NOISE, 1, boilerplate, fp=io.StringIO(text))


def boilerplate_of(assignment: Assignment) -> np.ndarray:
    """The hashes of the release's code: what every student was handed."""
    try:
        text = normalised(code_of(assignment.release))
    except (SubmissionUnreadable, OSError):
        return np.array([], dtype=np.int64)
    return np.unique(np.array(list(_fingerprint(text).hashes), dtype=np.int64))


def compare(codes: list[Code], boilerplate: np.ndarray) -> list[Pair]:
    """Every pair of students with code, most alike first."""
    from copydetect.detector import compare_files
    prints = {c.student: _fingerprint(c.text, boilerplate) for c in codes if c.text.strip()}
    pairs = []
    for a, b in itertools.combinations(sorted(prints), 2):
        tokens, (share_a, share_b), (slices_a, slices_b) = compare_files(prints[a], prints[b])
        pairs.append(Pair(a, b, float(share_a), float(share_b), int(tokens),
                          slices_a, slices_b))
    pairs.sort(key=lambda p: (-p.score, p.a, p.b))
    return pairs


def similarity(root: Path, out: Path, assignment: Assignment,
               threshold: float = THRESHOLD) -> list[Pair]:
    """Compare every pair in `root`; write `out/similarity.csv` and `out/similarity.html`."""
    from ..report.similarity import csv_text, html_text
    codes = collect(root, assignment)
    pairs = compare(codes, boilerplate_of(assignment))
    for pair in pairs:
        pair.above = pair.score >= threshold
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "similarity.csv").write_text(csv_text(pairs), encoding="utf-8")
    (out / "similarity.html").write_text(
        html_text(pairs, codes, threshold, f"{assignment.name}: {assignment.title}"),
        encoding="utf-8", errors="surrogatepass")
    return pairs
