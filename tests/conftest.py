"""Shared helpers for the kit's own tests: paths, and the grader run as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.grading.assignment import registered

REPO = Path(__file__).resolve().parent.parent
NN_INTRO = registered()["nn_intro"]
CHECKS, PARTS, part_points = NN_INTRO.checks, NN_INTRO.parts, NN_INTRO.part_points


def number(check) -> str:
    return check.number
SOURCE = REPO / "solutions" / "nn_intro" / "nn_intro.ipynb"
CATALOGUE_PATH = REPO / "solutions" / "nn_intro" / "misconceptions.py"   # beside the reference
RELEASE = REPO / "assignments" / "nn_intro" / "nn_intro.ipynb"
EXAMPLES = REPO / "examples" / "nn_intro"


def run_cli(*args, cwd=None, env=None) -> subprocess.CompletedProcess:
    """`autograder ARGS...` in a fresh process, as instructors and CI call it."""
    return subprocess.run([sys.executable, "-m", "autograder", *map(str, args)], cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=300)


def grade_file(path: Path, tmp_path: Path, *extra) -> dict:
    """Grade one submission through the CLI; returns results.json, parsed."""
    results = tmp_path / f"{Path(path).name}.results.json"
    done = run_cli("grade", path, "--results", results, *extra)
    assert done.returncode == 0, done.stderr
    return json.loads(results.read_text())


def part_scores(results: dict) -> dict[int, tuple[float, float]]:
    out: dict[int, list[float]] = {}
    for test in results["tests"]:
        part = int(test["number"].split(".")[0])
        got, top = out.get(part, [0.0, 0.0])
        out[part] = [got + test["score"], top + test["max_score"]]
    return {p: tuple(v) for p, v in out.items()}


def parts_losing_points(results: dict) -> set[int]:
    return {p for p, (got, top) in part_scores(results).items() if got < top}


def notebook_from_code(code: str, path: Path, first_cells: tuple[str, ...] = ()) -> Path:
    """A notebook whose code cells hold `code`, split before each top-level def and class;
    `first_cells` come before it, one cell each."""
    import nbformat

    chunks, current = [], []
    for line in code.splitlines():
        if line.startswith(("def ", "class ")) and current:
            chunks.append("\n".join(current))
            current = []
        current.append(line)
    chunks.append("\n".join(current))
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# my answers")] + [
        nbformat.v4.new_code_cell(chunk.strip("\n"))
        for chunk in [*first_cells, *chunks] if chunk.strip()]
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="session")
def reference_code() -> str:
    """The reference solution's code, as one .py text (its definitions only)."""
    from autograder.submission.load import read_cells
    return "\n\n".join(cell.source for cell in read_cells(SOURCE, solution_cells_only=True))


def frames(page: str) -> list[dict]:
    """The attributes of each <iframe> of an HTML page (as nbconvert writes them: any order,
    any quotes), values unescaped."""
    from html.parser import HTMLParser

    found = []

    class Frames(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "iframe":
                found.append({k: v or "" for k, v in attrs})
    Frames().feed(page)
    return found
