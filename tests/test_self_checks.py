"""Students see their mistakes before hand-in: the public checks their pytest runs (the
lecture's worked numbers and the self-checks, which compare their own functions with each
other and need no reference) fail on nearly every realistic one-line mistake of the corpus,
and pass on every correct submission, however written."""

import pytest

from autograder.assignment import named
from autograder.load import load, read_cells
from autograder.pipeline import Pipeline
from autograder.results import HIDDEN_PENDING, PASSED
from autograder.settings import Settings
from autograder.submission import LocalSubmission
from conftest import REPO
from corpus.mistakes import RIGHT as NN_INTRO_RIGHT, WRONG as NN_INTRO_WRONG
from corpus.mlp import RIGHT as MLP_RIGHT, WRONG as MLP_WRONG

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
