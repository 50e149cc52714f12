"""The `mlp` assignment through the engine: the reference gets full marks and the release
nothing; correct submissions written other ways get full marks; each one-line mistake loses
points in its own part (and in no earlier one); submissions that do no work earn nothing."""

import json
import re
from pathlib import Path

import pytest
from conftest import REPO, part_scores, parts_losing_points
from corpus.mlp import HARD_CODED, NULL_EFFORT, RIGHT, WRONG

from autograder.cli import main
from autograder.grading.assignment import named

SOURCE = REPO / "solutions" / "mlp" / "mlp.ipynb"
RELEASE = REPO / "assignments" / "mlp" / "mlp.ipynb"
_GRADED: dict[str, dict] = {}


@pytest.fixture(scope="session")
def mlp_code() -> str:
    from autograder.grading.misconceptions import reference_code
    return reference_code(SOURCE)


def grade(code: str, tmp_path) -> dict:
    if code not in _GRADED:
        submission, results = tmp_path / "answers.py", tmp_path / "results.json"
        submission.write_text(code)
        assert main(["grade", str(submission), "--assignment", "mlp", "--results",
                     str(results), "--quiet", "--no-report"]) == 0
        _GRADED[code] = json.loads(results.read_text())
    return _GRADED[code]


def test_the_reference_gets_full_marks_and_the_release_nothing(tmp_path):
    for notebook, score in ((SOURCE, 100), (RELEASE, 0)):
        results = tmp_path / f"{score}.json"
        assert main(["grade", str(notebook), "--results", str(results), "--quiet",
                     "--no-report"]) == 0          # told apart by the file's name: mlp.ipynb
        graded = json.loads(results.read_text())
        assert graded["score"] == score, [t["output"] for t in graded["tests"]
                                          if t["score"] < t["max_score"]][:3]
        assert len(graded["tests"]) == len(named("mlp").checks) and graded["max_score"] == 100


@pytest.mark.parametrize("variant", RIGHT, ids=lambda v: v.name)
def test_a_correct_mlp_written_differently_gets_full_marks(variant, mlp_code, tmp_path):
    results = grade(variant.apply(mlp_code), tmp_path)
    assert [(t["number"], t["output"]) for t in results["tests"]
            if t["score"] < t["max_score"]] == []


def test_a_correct_mlp_written_from_scratch_gets_full_marks(tmp_path):
    code = (Path(__file__).parent / "corpus" / "mlp_from_scratch.py").read_text()
    results = grade(code, tmp_path)
    assert [(t["number"], t["output"]) for t in results["tests"]
            if t["score"] < t["max_score"]] == []
    # the same file with ReLU'(0) = 0.5 (np.heaviside's middle value) loses that check only
    (tmp_path / "half").mkdir()
    half = grade(code.replace("np.heaviside(_arr(z), 0.0)", "np.heaviside(_arr(z), 0.5)"),
                 tmp_path / "half")
    assert [t["number"] for t in half["tests"] if t["score"] < t["max_score"]] == ["1.5"]


@pytest.mark.parametrize("variant", WRONG, ids=lambda v: v.name)
def test_an_mlp_mistake_loses_points_in_its_part(variant, mlp_code, tmp_path):
    lost = parts_losing_points(grade(variant.apply(mlp_code), tmp_path))
    assert variant.part in lost and min(lost) == variant.part
    assert lost == {variant.part}, lost      # error carried forward: once, in its part


@pytest.mark.parametrize("name", sorted(NULL_EFFORT))
def test_an_mlp_that_does_no_work_earns_nothing(name, tmp_path):
    assert grade(NULL_EFFORT[name], tmp_path)["score"] == 0


def test_the_lecture_numbers_hard_coded_earn_at_most_five_points(tmp_path):
    results = grade(HARD_CODED, tmp_path)
    assert results["score"] <= 5, {p: got for p, (got, _) in part_scores(results).items()}


def test_the_docs_check_catalogue_of_mlp_is_generated_from_its_declarations():
    from autograder.grading.assignment import named
    from autograder.report.catalogue import markdown

    page = (REPO / "docs" / "mlp.md").read_text()
    assert page.endswith(markdown(named("mlp"))), "regenerate with `autograder checks --assignment mlp`"


@pytest.mark.parametrize("part", [1, 2, 3, 4, 5])
def test_mlp_notebook_test_cells_give_the_reference_full_points_on_stdout_only(part):
    """What nbgrader's test cells of mlp.ipynb run, in the kernel, beside the student's code."""
    import contextlib
    import io

    from autograder.grading.assignment import named
    from autograder.grading.pipeline import reference
    from autograder.notebook import grade_part

    namespace = dict(reference(SOURCE).namespace)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        graded = grade_part("mlp", part, namespace)
        graded.run_hidden()
    assert graded.points == named("mlp").part_points(part), out.getvalue()[-2000:]
    assert err.getvalue() == "" and f"Part {part}" in out.getvalue()


def test_the_bundled_mlp_examples_get_their_verdicts(tmp_path):
    """`make demo`'s mlp examples: Grace is right, Henry's and Ines's mistakes are named."""
    verdicts = {}
    for path in sorted((REPO / "examples" / "mlp").glob("*.py")):
        results = tmp_path / f"{path.stem}.json"
        assert main(["grade", str(path), "--assignment", "mlp", "--results", str(results),
                     "--quiet", "--no-report"]) == 0
        graded = json.loads(results.read_text())
        verdicts[path.stem.split("_")[0]] = (
            graded["score"] == 100, sorted(parts_losing_points(graded)),
            sorted({t["extra_data"]["misconception"] for t in graded["tests"]
                    if "extra_data" in t}))
    assert verdicts == {"grace": (True, [], []),
                        "henry": (False, [1], ["softmax_over_the_whole_array"]),
                        "ines": (False, [4], ["gradient_of_the_sum"])}


HOSTILE = [   # (name, edit of the reference, words the results must hold, parts left whole)
    ("endless_loop_in_forward", ("        A = np.atleast_2d(X)\n",
                                 "        A = np.atleast_2d(X)\n        while True:\n            pass\n"),
     "did not finish within 2 s", {1, 3}),
    ("exits_in_backprop", ("        # --- Forward, keeping",
                           "        import os\n        os._exit(3)\n        # --- Forward, keeping"),
     "ended the grading process (exit status 3", {1, 2, 3}),
    ("fork_bomb_in_softmax", ("    Z = np.asarray(Z, dtype=float)\n    exps",
                              "    import os\n    while True:\n        try:\n            os.fork()\n"
                              "        except OSError:\n            pass\n    Z = np.asarray(Z, dtype=float)\n    exps"),
     "more than 32 processes at once", {3}),
]


@pytest.mark.parametrize("case", HOSTILE, ids=lambda c: c[0])
def test_a_hostile_mlp_gets_an_explained_result_and_the_rest_is_graded(case, mlp_code,
                                                                       tmp_path):
    _, (old, new), words, whole = case
    assert mlp_code.count(old) == 1, old
    submission, results = tmp_path / "answers.py", tmp_path / "results.json"
    submission.write_text(mlp_code.replace(old, new))
    assert main(["grade", str(submission), "--assignment", "mlp", "--results", str(results),
                 "--quiet", "--no-report", "--call-time-limit", "2", "--time-limit",
                 "40"]) == 0
    graded = json.loads(results.read_text())
    assert words in json.dumps(graded)
    scores = part_scores(graded)
    assert [p for p in sorted(whole) if scores[p][0] < scores[p][1]] == []


def test_a_notebook_of_any_name_is_told_apart_by_its_nbgrader_metadata(tmp_path):
    """Without --assignment and with a file name that names nothing, mlp's grade ids say it."""
    renamed, results = tmp_path / "my_homework.ipynb", tmp_path / "r.json"
    renamed.write_text(SOURCE.read_text())
    assert main(["grade", str(renamed), "--results", str(results), "--quiet",
                 "--no-report"]) == 0
    graded = json.loads(results.read_text())
    assert graded["score"] == 100 and len(graded["tests"]) == len(named("mlp").checks)


def test_a_training_that_skips_the_last_partial_batch_is_told_so(mlp_code, tmp_path):
    """5.2 lends train the right gradients along the prescribed steps; a loop that drops the
    last, shorter batch is told it took fewer of those steps than prescribed."""
    [variant] = [v for v in WRONG if v.name == "last_partial_batch_dropped"]
    results = grade(variant.apply(mlp_code), tmp_path)
    [steps] = [t for t in results["tests"] if t["number"] == "5.2"]
    assert steps["score"] == 0
    said = " ".join(steps["output"].split())
    assert re.search(r"it (never called backprop|called backprop for \d+ of the \d+ "
                     r"prescribed steps)", said), said
