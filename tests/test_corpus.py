"""The grader's verdicts on the corpus: one mistake each, or right in an unusual way.

Every variant is graded through `autograder grade` (the CLI's entry point, in this process).
"""

import json
import re
from pathlib import Path

import pytest
from conftest import EXAMPLES, parts_losing_points
from corpus.mistakes import DIAGNOSED, RIGHT, WRONG

from autograder.cli import main

_GRADED: dict[str, dict] = {}


def grade_code(code: str, tmp_path, *extra: str) -> dict:
    """results.json for this code; each variant is graded once per test session."""
    if (code, extra) not in _GRADED:
        submission, results = tmp_path / "nn_intro.py", tmp_path / "results.json"
        submission.write_text(code)
        assert main(["grade", str(submission), "--results", str(results), "--quiet",
                     *extra]) == 0
        _GRADED[code, extra] = json.loads(results.read_text())
    return _GRADED[code, extra]


def test_the_corpus_is_large_and_covers_every_part():
    assert len(WRONG) >= 30
    assert {v.part for v in WRONG} == {1, 2, 3, 4, 5, 6}
    assert sum(v.public_misses for v in WRONG) >= 10
    assert len({v.name for v in WRONG + RIGHT}) == len(WRONG + RIGHT)


@pytest.mark.parametrize("variant", WRONG, ids=lambda v: v.name)
def test_a_mistake_loses_points_in_its_part_and_in_no_earlier_part(variant, reference_code,
                                                                   tmp_path):
    results = grade_code(variant.apply(reference_code), tmp_path)
    lost = parts_losing_points(results)
    assert variant.part in lost
    assert lost == {variant.part}, f"lost points in {lost}"   # error carried forward
    assert min(lost) == variant.part


@pytest.mark.parametrize("variant", [v for v in WRONG if v.public_misses], ids=lambda v: v.name)
def test_mistakes_the_worked_numbers_miss_are_caught_by_hidden_checks(variant, reference_code,
                                                                      tmp_path):
    """The student's own run (public checks only) passes the part; grading fails hidden checks
    of it (and may withhold the worked numbers' points, which must hold beyond the lecture)."""
    code = variant.apply(reference_code)
    own_run = grade_code(code, tmp_path, "--public-only")
    part = f"{variant.part}."
    assert all(t["score"] == t["max_score"] for t in own_run["tests"]
               if t["number"].startswith(part) and "public" in t["tags"])
    graded = grade_code(code, tmp_path)
    assert [t for t in graded["tests"] if t["number"].startswith(part) and "hidden" in t["tags"]
            and t["score"] < t["max_score"]]


@pytest.mark.parametrize("variant", WRONG, ids=lambda v: v.name)
def test_a_mistake_is_named_only_by_its_own_misconception(variant, reference_code, tmp_path):
    """Catalogued mistakes are named, in their own part; the others are never misnamed."""
    results = grade_code(variant.apply(reference_code), tmp_path)
    named = {t["number"]: t["extra_data"]["misconception"] for t in results["tests"]
             if "extra_data" in t}
    expected = DIAGNOSED.get(variant.name)
    assert set(named.values()) == ({expected} if expected else set())
    if expected:
        assert any(n.startswith(f"{variant.part}.") for n in named)


def test_every_expected_diagnosis_is_in_the_catalogue():
    from conftest import CATALOGUE_PATH

    from autograder.grading.misconceptions import catalogue
    ids = {e.id for e in catalogue(CATALOGUE_PATH)}
    assert set(DIAGNOSED.values()) <= ids
    assert set(DIAGNOSED) <= {v.name for v in WRONG}


@pytest.mark.parametrize("variant", RIGHT, ids=lambda v: v.name)
def test_a_correct_submission_written_differently_gets_full_marks(variant, reference_code,
                                                                  tmp_path):
    results = grade_code(variant.apply(reference_code), tmp_path)
    failed = [(t["number"], t["output"]) for t in results["tests"] if t["score"] < t["max_score"]]
    assert failed == []
    assert not any("extra_data" in t for t in results["tests"])


def test_correct_examples_written_differently_get_full_marks(tmp_path):
    code = (EXAMPLES / "alice_correct_vectorised.py").read_text()
    assert grade_code(code, tmp_path)["score"] == 100
    scratch = (Path(__file__).parent / "corpus" / "nn_intro_from_scratch.py").read_text()
    results = grade_code(scratch, tmp_path)
    assert [(t["number"], t["output"]) for t in results["tests"]
            if t["score"] < t["max_score"]] == []


def test_trains_defaults_are_judged_against_its_own_train_with_them_written_out(
        reference_code, tmp_path):
    """6.7's subject is the defaults alone: a wrong default costs 6.7 and nothing else, and a
    backprop mistake costs 6.7 nothing, even graded strictly (no error carried forward)."""
    train = "def train(self, data, all_y_trues, learn_rate=0.1, epochs=1000):"
    slow = grade_code(reference_code.replace(train, train.replace("0.1", "0.01")), tmp_path)
    assert {t["number"] for t in slow["tests"] if t["score"] < t["max_score"]} == {"6.7"}
    derivative = reference_code.replace("fx = sigmoid(x)\n    return fx * (1 - fx)",
                                        "return x * (1 - x)")
    assert derivative != reference_code
    strict = grade_code(derivative, tmp_path, "--no-carry-forward")
    [defaults] = [t for t in strict["tests"] if t["number"] == "6.7"]
    assert defaults["score"] == defaults["max_score"]
    assert parts_losing_points(strict) >= {2, 5, 6}       # the others still charge it, strictly


def test_a_training_mistake_is_told_where_its_steps_leave_the_prescribed_ones(reference_code,
                                                                             tmp_path):
    """6.4 lends train the right gradients along SGD's steps; a train that visits the samples
    backwards is told the first step where it left them, and with which sample."""
    [variant] = [v for v in WRONG if v.name == "train_samples_reversed"]
    results = grade_code(variant.apply(reference_code), tmp_path)
    [steps] = [t for t in results["tests"] if t["number"] == "6.4"]
    assert steps["score"] == 0
    said = " ".join(steps["output"].split())
    assert re.search(r"at step \d+ it asked backprop about \[[^]]+\] where that step takes \[",
                     said), said
    assert "visit the samples in order" in said               # the check's own hint: the lent
    assert "raised an exception" not in said                  # backprop refusing is no exception
