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

Before that, nbgrader's sanitizing steps make the student's cells what the gradebook says they
are. Three of them are the course's own, for what students do to cells in Jupyter:
- `DeduplicateIds`: a cell copied and pasted (two cells with one `grade_id`) keeps the last
  copy's metadata, as nbgrader's own does; the others become plain cells. nbgrader's leaves
  them an empty `nbgrader` dict, which its `CheckCellMetadata` then takes for an old metadata
  format and stops the whole run (every student after that one is left ungraded).
- `RestoreTestCells`: nbgrader's `OverwriteCells` with `add_missing_cells`, so a deleted test
  cell comes back and is graded; each goes after the nearest earlier cell of the source that is
  still there (nbgrader's own placement fails when that cell is gone too). A cell whose
  `grade_id` the gradebook does not know (a student edited it) becomes a plain cell, and the
  test cell it stood for comes back the same way.
"""

from __future__ import annotations

import math
import re
import tempfile
from pathlib import Path

import nbformat
from nbgrader import utils
from nbgrader.plugins import LateSubmissionPlugin
from nbgrader.preprocessors import NbGraderPreprocessor, OverwriteCells
from traitlets import Bool, Float, Integer

from .grading.assignment import Assignment, decide, names
from .grading.results import Grading
from .grading.settings import Settings
from .notebook import check_lines
from .report.text import points

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
    """nbgrader's assignment id when it is an installed assignment's name; else what the
    notebook's cells say (`assignment.decide`: a notebook whose test cells name several
    assignments is graded as none of them)."""
    installed = name_in_nbgrader in names()
    return decide(name=name_in_nbgrader if installed else None, notebook=nb)


REPORT_STYLE = "width: 100%; height: 80vh; border: 1px solid #ccc;"


def report_cell(grading: Grading):
    """A Markdown cell holding the kit's report (`report/feedback.py`'s self-contained page:
    its table, diagnosis and pictures, nothing fetched) in a frame that runs no script: at the
    top of the autograded notebook, so of nbgrader's feedback page and formgrader's view."""
    from html import escape

    from .report import feedback

    page = escape(feedback.html(grading), quote=True).replace("\n", "&#10;")   # one HTML block
    return nbformat.v4.new_markdown_cell(
        f'<iframe title="The autograder\'s report" sandbox="" style="{REPORT_STYLE}" '
        f'srcdoc="{page}"></iframe>', metadata={"autograder": "report"})


class GradeInSandbox(NbGraderPreprocessor):
    """nbgrader's autograde step that grades the notebook with the kit instead of a kernel.
    With `report` (the default), the kit's report goes at the top of the graded notebook, so
    `generate_feedback` delivers it inside nbgrader's own page (`report_cell`)."""

    report = Bool(True, help="put the kit's report at the top of the graded notebook, where "
                             "nbgrader's feedback page shows it").tag(config=True)

    def preprocess(self, nb, resources):
        from .grading.pipeline import Pipeline
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
        if self.report:
            nb.cells.insert(0, report_cell(grading))
        return nb, resources


# --- a late policy -------------------------------------------------------------------------

class LatePenalty(LateSubmissionPlugin):
    """nbgrader's late-submission plugin for a policy by the day: each day late, or part of
    one, costs `percent_per_day` percent of the notebook's score; past `days` days late, the
    whole score. nbgrader computes how late from the submission's timestamp, the due date and
    the student's extension (`nbgrader_config.py`: `c.AssignLatePenalties.plugin_class`)."""

    percent_per_day = Float(10.0, help="percent of the score lost per day late").tag(config=True)
    days = Integer(5, help="days late after which the whole score is lost").tag(config=True)

    def late_submission_penalty(self, student_id: str, score: float,
                                total_seconds_late: float) -> float:
        late_days = math.ceil(total_seconds_late / 86400)
        if late_days > self.days:
            return score
        return round(score * min(1.0, late_days * self.percent_per_day / 100), 6)


# --- sanitizing: the student's cells as the gradebook has them --------------------------

def _plain(cell) -> None:
    cell["metadata"].pop("nbgrader", None)


class DeduplicateIds(NbGraderPreprocessor):
    """Of cells sharing a `grade_id`, the last keeps it; the others become plain cells."""

    def preprocess(self, nb, resources):
        seen = set()
        for cell in reversed(nb.cells):
            if utils.is_grade(cell) or utils.is_solution(cell) or utils.is_locked(cell):
                grade_id = cell.metadata.nbgrader.get("grade_id")
                if grade_id in seen:
                    self.log.warning("cell %s appears more than once: the last one is kept",
                                     grade_id)
                    _plain(cell)
                seen.add(grade_id)
        return nb, resources


class RestoreTestCells(OverwriteCells):
    """nbgrader's `OverwriteCells`, with deleted grade cells put back (see the module)."""

    add_missing_cells = Bool(True).tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        """A cell whose `grade_id` the gradebook does not know (a student edited it) loses it
        here; it then becomes a plain cell (nbgrader's metadata check, and its own search for
        missing task cells, would fail on it), and the cell it stood for is put back."""
        cell, resources = super().preprocess_cell(cell, resources, index)
        if "grade_id" not in cell["metadata"].get("nbgrader", {"grade_id": None}):
            self.log.warning("a cell whose grade id the gradebook does not know is treated as "
                             "a plain cell")
            _plain(cell)
        return cell, resources

    def add_missing_grade_cells(self, nb, resources):
        source = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
        order = [cell.name for cell in source.source_cells]
        solutions = {cell.name for cell in source.solution_cells}

        def present() -> dict[str, int]:
            return {meta["grade_id"]: i for i, cell in enumerate(nb.cells)
                    if "grade_id" in (meta := cell["metadata"].get("nbgrader", {}))}

        for grade_cell in source.grade_cells:
            name = grade_cell.name
            if name in present():
                continue
            self.log.warning("grade cell %s was missing: it is put back", name)
            at = order.index(name)
            cell = nbformat.from_dict(self.missing_cell_transform(
                source.source_cells[at], grade_cell.max_score, is_solution=name in solutions))
            where = present()
            before = [where[n] for n in order[:at] if n in where]
            nb.cells.insert(max(before) + 1 if before else len(nb.cells), cell)
        return nb, resources
