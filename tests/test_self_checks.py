"""Students see their mistakes before hand-in: the public checks their pytest runs (the
lecture's worked numbers and the self-checks, which compare their own functions with each
other and need no reference) fail on nearly every realistic one-line mistake of the corpus,
and pass on every correct submission, however written."""

import pytest
from conftest import REPO
from corpus.mistakes import RIGHT as NN_INTRO_RIGHT
from corpus.mistakes import WRONG as NN_INTRO_WRONG
from corpus.mlp import RIGHT as MLP_RIGHT
from corpus.mlp import WRONG as MLP_WRONG

from autograder.grading.assignment import named
from autograder.grading.pipeline import Pipeline
from autograder.grading.results import HIDDEN_PENDING, PASSED
from autograder.grading.settings import Settings
from autograder.submission import LocalSubmission
from autograder.submission.load import load, read_cells

CORPUS = {"nn_intro": (NN_INTRO_RIGHT, NN_INTRO_WRONG), "mlp": (MLP_RIGHT, MLP_WRONG)}


def public_failures(name: str, code: str, tmp_path) -> list[str]:
    """The public checks that fail, as the students' pytest runs them (no reference)."""
    path = tmp_path / f"{name}.py"
    path.write_text(code)
    sub = LocalSubmission(load(path), call_seconds=10)
    results = Pipeline(Settings(), named(name), hidden=False).run(sub)
    return [r.number for r in results if r.status not in (PASSED, HIDDEN_PENDING)]


def reference_code(name: str) -> str:
    return "\n\n".join(cell.source for cell in read_cells(
        REPO / "solutions" / name / f"{name}.ipynb", solution_cells_only=True))


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_the_students_pytest_catches_at_least_nine_in_ten_one_line_mistakes(name, tmp_path):
    right, wrong = CORPUS[name]
    code = reference_code(name)
    missed = [v.name for v in wrong if not public_failures(name, v.apply(code), tmp_path)]
    share = 1 - len(missed) / len(wrong)
    print(f"{name}: the students' pytest catches {len(wrong) - len(missed)} of {len(wrong)} "
          f"one-line mistakes ({share:.0%}); missed: {missed}")
    assert share >= 0.9, missed


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_every_correct_submission_passes_every_public_check(name, tmp_path):
    right, _ = CORPUS[name]
    code = reference_code(name)
    assert public_failures(name, code, tmp_path) == []
    for variant in right:
        assert public_failures(name, variant.apply(code), tmp_path) == [], variant.name
    scratch = (REPO / "tests" / "corpus" / f"{name}_from_scratch.py").read_text()
    assert public_failures(name, scratch, tmp_path) == []


def public_results(name: str, code: str, tmp_path):
    path = tmp_path / f"{name}.py"
    path.write_text(code)
    return Pipeline(Settings(), named(name), hidden=False).run(
        LocalSubmission(load(path), call_seconds=10))


# Mistakes whose consequence in a later part the students' run cannot carry forward: backprop
# calls the student's wrong activation or derivative, so backprop's own self-check (against the
# slopes of the student's feedforward) fails too; or the mistake shows first in a later part's
# public check. Grading carries them forward with the reference's functions lent.
NOT_CARRIED_LOCALLY = {"sigmoid_sign_flipped", "sigmoid_derivative_is_sigmoid",
                       "sigmoid_derivative_of_the_output", "bp_reuses_an_earlier_feedforward"}


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_the_students_run_charges_a_mistake_in_its_own_part(name, tmp_path):
    """Without the reference, a later part that does what the student's own earlier functions
    say (its self-checks pass) keeps its public points: the mistake is charged once, where it
    lives, before hand-in as at grading."""
    _, wrong = CORPUS[name]
    code = reference_code(name)
    outside, carried = [], 0
    for variant in wrong:
        results = public_results(name, variant.apply(code), tmp_path)
        lost = {r.part for r in results if r.score < r.max_score and r.status != HIDDEN_PENDING}
        carried += any(r.message.startswith("error carried forward") for r in results)
        if lost - {variant.part}:
            outside.append(variant.name)
    assert carried >= 3
    assert set(outside) <= NOT_CARRIED_LOCALLY, outside


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_no_work_is_never_carried_forward_in_the_students_run(name, tmp_path):
    """A self-check confirms a part only against earlier functions that do something: a
    derivative of zeros is not "the slope" of a flat activation, a do-nothing train is not
    "the steps" of a backprop of zeros."""
    from corpus.mlp import NULL_EFFORT as MLP_NULL
    from corpus.null_effort import NULL_EFFORT
    codes = ([s.code for s in NULL_EFFORT] if name == "nn_intro" else list(MLP_NULL.values()))
    for code in codes:
        results = public_results(name, code, tmp_path)
        assert not [r.number for r in results if r.message.startswith("error carried forward")]
