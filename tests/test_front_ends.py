"""Every front end gives a submission the same points: nbgrader's test cells graded in a
kernel (nbgrader as it ships, the cells in order, each part's public then hidden block) give
each part what `autograder grade` gives it, error carried forward included; the cells' public
blocks (the student's kernel) and the students' run of the public checks agree check by
check."""

import contextlib
import io
from collections import defaultdict

import pytest
from corpus.mistakes import WRONG as NN_INTRO_WRONG
from corpus.mlp import WRONG as MLP_WRONG
from test_self_checks import reference_code

from autograder.grading.assignment import named
from autograder.grading.pipeline import Pipeline
from autograder.grading.results import PASSED
from autograder.grading.settings import Settings
from autograder.notebook import grade_part
from autograder.submission import LocalSubmission
from autograder.submission.load import load

# A mistake of every part whose consequences reach later parts (charged once, in its part,
# at grading), and one that stays in its part, of each assignment.
CASES = [("nn_intro", v) for v in NN_INTRO_WRONG if v.name in {
    "sigmoid_derivative_of_the_output", "ff_output_weights_swapped", "mse_sum_not_mean",
    "bp_sign_of_d_L_d_ypred", "train_ascent"}] + [("mlp", v) for v in MLP_WRONG if v.name in {
        "softmax_over_the_whole_array", "weights_transposed_in_forward", "bp_sign_of_d_L_d_A"}]


def part_points(results) -> dict[int, float]:
    points = defaultdict(float)
    for r in results:
        points[r.part] += r.score
    return dict(points)


def in_a_kernel(name: str, namespace: dict) -> tuple[dict[int, float], str]:
    """Each part's cell value, the cells run in order as nbgrader's autograde runs them."""
    out, cells = io.StringIO(), {}
    with contextlib.redirect_stdout(out):
        for part in sorted(named(name).parts):
            cells[part] = grade_part(name, part, namespace).run_hidden().points
    return cells, out.getvalue()


def test_the_cases_are_there():
    assert len(CASES) == 8


@pytest.mark.parametrize("name, variant", CASES, ids=lambda c: getattr(c, "name", c))
def test_a_cells_public_block_says_what_the_students_run_says(name, variant, tmp_path,
                                                              monkeypatch):
    """The release's test cells (in the student's kernel, where the reference is not at hand:
    public checks only) and the students' run of every public check at once give each check
    the same verdict."""
    monkeypatch.setenv("AUTOGRADER_REFERENCE", str(tmp_path / "not-here.ipynb"))
    path = tmp_path / f"{name}.py"
    path.write_text(variant.apply(reference_code(name)))
    whole = {r.number: (r.status, r.score) for r in Pipeline(Settings(), named(name),
                                                              hidden=False).run(
        LocalSubmission(load(path), call_seconds=10)) if r.visibility == "public"}
    namespace, cells = load(path).namespace, {}
    with contextlib.redirect_stdout(io.StringIO()):
        for part in sorted(named(name).parts):
            cells |= {r.number: (r.status, r.score)
                      for r in grade_part(name, part, namespace).results}
    assert cells == whole
    assert any(status != PASSED for status, _ in whole.values())


@pytest.mark.parametrize("name, variant", CASES, ids=lambda c: getattr(c, "name", c))
def test_nbgrader_cells_in_a_kernel_give_each_part_what_grade_gives_it(name, variant,
                                                                       tmp_path):
    path = tmp_path / f"{name}.py"
    path.write_text(variant.apply(reference_code(name)))
    graded = part_points(Pipeline(Settings(), named(name)).run(
        LocalSubmission(load(path), call_seconds=10)))
    cells, shown = in_a_kernel(name, load(path).namespace)
    assert cells == graded, shown[-3000:]
    lost = {part for part, points in graded.items() if points < named(name).part_points(part)}
    assert lost == {variant.part}, variant.name


def test_a_hidden_block_judges_the_parts_whose_cells_are_gone(tmp_path):
    """A notebook whose part-5 test cell was deleted: part 6's hidden block still carries
    backprop's mistake forward (it judges part 5 first, as one grading does)."""
    [variant] = [v for _, v in CASES if v.name == "bp_sign_of_d_L_d_ypred"]
    path = tmp_path / "nn_intro.py"
    path.write_text(variant.apply(reference_code("nn_intro")))
    namespace = load(path).namespace
    with contextlib.redirect_stdout(io.StringIO()) as out:
        cells = {part: grade_part("nn_intro", part, namespace).run_hidden().points
                 for part in (1, 2, 3, 4, 6)}
    assert cells[6] == named("nn_intro").part_points(6), out.getvalue()[-2000:]
    assert "error carried forward" in out.getvalue()
