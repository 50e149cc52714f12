"""nbgrader's autograde with the student's code behind the kit's walls.

`nbgrader_config.py` puts `GradeInSandbox` where nbgrader's `Execute` stood in
`Autograde.autograde_preprocessors`. nbgrader still does everything else: it restores the
locked test cells from its gradebook, and after this step it saves each test cell's points
(`SaveAutoGrades`), applies late penalties, and `generate_feedback`, `export` and formgrader
work unchanged. What changes is who runs the student's code: no kernel starts; the notebook is
graded as `autograder grade` grades it (every cell in a sandboxed process, the comparisons
with the reference outside it), and each part's test cell gets as outputs what its checks say
and, as its value, the points they earned (nbgrader's partial credit). So nbgrader's points
are the kit's, part by part.

A notebook that cannot be graded at all (the sandbox does not start, the reference does not
run) raises: nbgrader records that student's autograde as failed and goes on with the others.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import nbformat
from nbgrader.preprocessors import NbGraderPreprocessor

from .assignment import Assignment, default, registered
from .report.text import points
from .notebook import check_lines
from .results import Grading
from .settings import Settings

# The instructor's test cell (restored by nbgrader from its gradebook, so never the student's
# text): `grade_part("<name>", N, globals())`, or the older `grade_part(N, globals())`.
PART = re.compile(r"grade_part\(\s*(?:[\"'](?P<name>\w+)[\"']\s*,\s*)?(?P<part>\d+)\s*,")


def _test_cell_part(cell) -> tuple[str | None, int] | None:
    grader = cell.get("metadata", {}).get("nbgrader", {})
    if cell.get("cell_type") != "code" or not grader.get("grade") or grader.get("solution"):
        return None
    found = PART.search(cell.get("source", ""))
    return (found["name"], int(found["part"])) if found else None


def part_text(grading: Grading, part: int) -> str:
    """What a part's test cell prints: its checks' verdicts, and what failed and why."""
    title = grading.parts.get(part, "")
    lines = [f"Part {part} — {title}" if title else f"Part {part}"]
    for r in grading.results:
        if r.part == part:
            lines += check_lines(r)
    return "\n".join(lines) + "\n"


def notes(grading: Grading) -> str:
    """What stopped part of the grading, or which cells raised, for the first test cell."""
    out = [f"Graded in the sandbox: {grading.reason}"] if grading.reason else []
    if grading.problems:
        out += ["While running your notebook:"] + [f"  {p}" for p in grading.problems]
    return "\n".join(out) + "\n" if out else ""


def fill_test_cells(nb, grading: Grading) -> None:
    """Each test cell's outputs: the part's verdicts on stdout, the points as the value."""
    first = True
    for cell in nb.cells:
        found = _test_cell_part(cell)
        if found is None:
            continue
        part = found[1]
        earned = sum(r.score for r in grading.results if r.part == part)
        text = (notes(grading) if first else "") + part_text(grading, part)
        first = False
        cell.outputs = [
            nbformat.v4.new_output("stream", name="stdout", text=text),
            nbformat.v4.new_output("execute_result", data={"text/plain": points(earned)},
                                   execution_count=None),
        ]


def assignment_for(nb, name_in_nbgrader: str) -> Assignment:
    """nbgrader's assignment id when it is an installed assignment's name; else the one
    assignment the test cells name. A student may add cells that look like test cells, so a
    notebook whose cells name several assignments is not graded as any of them."""
    assignments = registered()
    if name_in_nbgrader in assignments:
        return assignments[name_in_nbgrader]
    named = {found[0] for cell in nb.cells if (found := _test_cell_part(cell)) and found[0]}
    if len(named) > 1:
        raise ValueError(f"the test cells name several assignments ({', '.join(sorted(named))}) "
                         f"and nbgrader's assignment '{name_in_nbgrader}' is none of them")
    if named:
        name = named.pop()
        if name not in assignments:
            raise ValueError(f"the test cells name {name!r}, which is not installed")
        return assignments[name]
    return default()            # test cells of the older form, grade_part(N, globals())


class GradeInSandbox(NbGraderPreprocessor):
    """nbgrader's autograde step that grades the notebook with the kit instead of a kernel."""

    def preprocess(self, nb, resources):
        from .pipeline import Pipeline
        info = resources.get("nbgrader", {})
        assignment = assignment_for(nb, str(info.get("assignment", "")))
        settings = Settings.from_environment()
        with tempfile.TemporaryDirectory(prefix="autograder-nbgrader-") as scratch:
            path = Path(scratch) / f"{assignment.name}.ipynb"
            nbformat.write(nb, path)
            grading = Pipeline(settings, assignment).grade(path)
        self.log.info("%s: %s / %s in the sandbox", info.get("student", "?"),
                      points(sum(r.score for r in grading.results)),
                      points(sum(r.max_score for r in grading.results)))
        fill_test_cells(nb, grading)
        return nb, resources
