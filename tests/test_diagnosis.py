"""Misconception diagnosis: named when one catalogued mistake explains every value, whatever
the code looks like; factual when none does; never for a part that is right."""

import json
import shutil

import pytest
from conftest import CATALOGUE_PATH, EXAMPLES, SOURCE, grade_file

from autograder.grading.diagnosis import Op, Recorder, reproduces
from autograder.grading.misconceptions import apply_edits, catalogue, variant
from autograder.submission import MissingName
from autograder.submission.values import same

ALICE = (EXAMPLES / "alice_correct_vectorised.py").read_text()
CATALOGUE = {e.id: e for e in catalogue(CATALOGUE_PATH)}


def diagnoses(results: dict) -> dict[str, str]:
    """check number -> the misconception named in its feedback."""
    return {t["number"]: t["extra_data"]["misconception"] for t in results["tests"]
            if "extra_data" in t}


def alice_with(*edits) -> str:
    return apply_edits(ALICE, edits, "alice")


# Alice's submission is vectorised (matrices, a loop over names): nothing like the reference's
# text. The same misconceptions, written her way, must be named just the same.
WRITTEN_DIFFERENTLY = [
    ("bp_sign_of_d_L_d_ypred", 5,
     ("delta_out = -2 * (y_true - y)", "delta_out = 2 * (y_true - y)")),
    ("bp_missing_factor_2", 5, ("delta_out = -2 * (y_true - y)", "delta_out = (y - y_true)")),
    ("mse_sum_not_mean", 4, ("np.mean(np.subtract(y_true, y_pred) ** 2)",
                             "np.sum(np.subtract(y_true, y_pred) ** 2)")),
    ("train_gradient_ascent", 6, ("getattr(self, name) - learn_rate", "getattr(self, name) + learn_rate")),
    ("sigma_prime_of_the_output", 2, ("s = sigmoid(x)\n    return s * (1 - s)",
                                      "return x * (1 - x)")),
    ("ff_no_output_activation", 3, ("return float(sigmoid(v @ h + c))", "return float(v @ h + c)")),
    ("relu_prime_is_relu", 2, ("return (np.asarray(x) >= 0).astype(float)",
                               "return np.where(np.asarray(x) > 0, x, 0.0)")),
]


@pytest.mark.parametrize("name, part, edit", WRITTEN_DIFFERENTLY, ids=lambda v: str(v)[:30])
def test_a_misconception_written_another_way_is_named(name, part, edit, tmp_path):
    path = tmp_path / "nn_intro.py"
    path.write_text(alice_with(edit))
    results = grade_file(path, tmp_path)
    named = diagnoses(results)
    own = {n for n in named if n.startswith(f"{part}.")}
    assert own, f"no check of part {part} was diagnosed: {named}"
    assert set(named.values()) == {name}
    # explained once, at a check of its own part; the others it explains point there
    explained = [t for t in results["tests"] if CATALOGUE[name].hint in t["output"]]
    assert len(explained) == 1 and explained[0]["number"] in own
    assert f"Likely misconception: {CATALOGUE[name].title}." in explained[0]["output"]
    for test in results["tests"]:
        if test["number"] in named and test is not explained[0]:
            assert f"see [{explained[0]['number']}]" in test["output"]


MIXED = [
    # two misconceptions in one line: the sign flipped and the 2 dropped (neither alone fits)
    ("sign_and_factor", ("delta_out = -2 * (y_true - y)", "delta_out = (y_true - y)"), 5),
    # right for x < 0, the output-formula for x >= 0: no single misconception gives both
    ("half_right_derivative", ("s = sigmoid(x)\n    return s * (1 - s)",
                               "s = sigmoid(x)\n    x = np.asarray(x, dtype=float)\n"
                               "    return np.where(x < 0, s * (1 - s), x * (1 - x))"), 2),
    # a mistake the catalogue does not have: the loss of the squared error times 3
    ("uncatalogued", ("np.mean(np.subtract(y_true, y_pred) ** 2)",
                      "3 * np.mean(np.subtract(y_true, y_pred) ** 2)"), 4),
]


@pytest.mark.parametrize("name, edit, part", MIXED, ids=[m[0] for m in MIXED])
def test_nothing_is_named_when_no_single_misconception_explains_the_values(name, edit, part,
                                                                          tmp_path):
    path = tmp_path / "nn_intro.py"
    path.write_text(alice_with(edit))
    results = grade_file(path, tmp_path)
    lost = [t for t in results["tests"] if t["number"].startswith(f"{part}.")
            and t["score"] < t["max_score"]]
    assert lost, "the mistake must still cost points"
    assert diagnoses(results) == {}
    assert all("Likely misconception" not in t["output"] for t in results["tests"])
    assert all("Hint:" in t["output"] for t in lost)


def test_correct_submissions_get_no_diagnosis(tmp_path):
    for name in ("alice_correct_vectorised.py",):
        results = grade_file(EXAMPLES / name, tmp_path)
        assert results["score"] == results["max_score"]
        assert diagnoses(results) == {}


def test_without_a_catalogue_grading_works_and_stays_factual(tmp_path):
    folder = tmp_path / "ref"
    folder.mkdir()
    shutil.copy(SOURCE, folder / "nn_intro.ipynb")
    path = tmp_path / "nn_intro.py"
    path.write_text(alice_with(WRITTEN_DIFFERENTLY[0][2]))
    results = grade_file(path, tmp_path, "--reference", folder / "nn_intro.ipynb")
    assert results["score"] < results["max_score"]
    assert diagnoses(results) == {}


def test_a_mistake_in_part_5_is_named_there_and_part_6_carries_it_forward(tmp_path):
    """Descent with sign-flipped gradients is ascent, but train is right: with the right
    backprop lent, part 6's checks pass, keep their points and point to part 5 (error carried
    forward); without the rule, part 6 is charged and told about the sign."""
    path = tmp_path / "nn_intro.py"
    path.write_text(alice_with(WRITTEN_DIFFERENTLY[0][2]))
    results = grade_file(path, tmp_path)
    named = diagnoses(results)
    assert named and all(n.startswith("5.") for n in named)
    assert set(named.values()) == {"bp_sign_of_d_L_d_ypred"}
    part6 = [t for t in results["tests"] if t["number"].startswith("6.")]
    assert all(t["score"] == t["max_score"] for t in part6)
    carried = [t for t in part6 if "error carried forward: this follows from [5." in t["output"]]
    assert carried
    strict = grade_file(path, tmp_path, "--no-carry-forward")
    assert any(n.startswith("6.") for n in diagnoses(strict))


# --- the pieces --------------------------------------------------------------------------

def number(v):
    return {"kind": "number", "value": v}


def test_same_compares_values_not_containers():
    assert same(number(0.5), {"kind": "array", "shape": [1], "data": [0.5 + 1e-12]})
    assert same(number(float("nan")), number(float("nan")))
    assert not same(number(0.5), number(0.51))
    assert not same({"kind": "array", "shape": [2], "data": [1, 2]},
                    {"kind": "array", "shape": [3], "data": [1, 2, 3]})
    grads = {"kind": "dict", "items": {"w1": number(1.0)}}
    assert same(grads, grads)
    assert not same(grads, {"kind": "dict", "items": {"w2": number(1.0)}})
    assert not same({"kind": "other", "type": "Liar"}, number(1.0))


class Fake:
    def __init__(self, answers):
        self.answers = answers

    def call(self, name, *args):
        if name not in self.answers:
            raise MissingName(f"{name} is not defined")
        return self.answers[name]


def test_the_recorder_logs_answers_and_errors():
    recorder = Recorder(Fake({"sigmoid": number(0.5)}))
    assert recorder.call("sigmoid", 0.0) == number(0.5)
    with pytest.raises(MissingName):
        recorder.call("relu", 1.0)
    assert [(op.kind, op.args, op.raised) for op in recorder.log] == [
        ("call", ("sigmoid", 0.0), False), ("call", ("relu", 1.0), True)]


def test_a_variant_reproduces_its_own_values_and_not_the_references():
    entry = CATALOGUE["mse_sum_not_mean"]
    runner = variant(SOURCE, entry)
    log = [Op("call", ("mse_loss", [1, 0, 0, 1], [0, 0, 0, 0]), number(2.0))]
    assert reproduces(log, runner)
    log[0].answer = number(0.5)
    assert not reproduces(log, runner)


def test_every_entry_is_written_for_a_student_and_hides_the_reference(reference_code):
    assert len(CATALOGUE) >= 30
    assert {e.part for e in CATALOGUE.values()} == {1, 2, 3, 4, 5, 6}
    code_lines = {ln.strip() for ln in reference_code.splitlines() if len(ln.strip()) > 20}
    for entry in CATALOGUE.values():
        text = " ".join((entry.title, entry.likely, entry.lecture, entry.hint))
        assert entry.likely.endswith(".") and entry.lecture.startswith(f"Part {entry.part}")
        assert not [ln for ln in code_lines if ln in text], entry.id
        for old, _ in entry.edits:
            assert old.strip() not in text, entry.id


def test_diagnosis_is_in_results_json_and_the_text_report(tmp_path):
    results = tmp_path / "r.json"
    from conftest import run_cli
    done = run_cli("grade", EXAMPLES / "charlie_sum_not_mean.py", "--results", results)
    assert "Likely misconception: a sum instead of a mean." in done.stdout
    tests = json.loads(results.read_text())["tests"]
    assert {t["number"] for t in tests if t.get("extra_data")} >= {"4.1"}


def test_an_assignment_declares_where_its_catalogue_is(tmp_path):
    """`Assignment(catalogue=...)`: the misconceptions are read from where the assignment says,
    not found by a file name; graded against another reference, beside that one."""
    from dataclasses import replace

    from corpus.mistakes import WRONG
    from test_self_checks import reference_code

    from autograder.grading.assignment import named
    from autograder.grading.pipeline import Pipeline
    from autograder.grading.settings import Settings

    [variant] = [v for v in WRONG if v.name == "mse_sum_not_mean"]
    path = tmp_path / "nn_intro.py"
    path.write_text(variant.apply(reference_code("nn_intro")))
    elsewhere = tmp_path / "errors" / "lecture_errors.py"
    elsewhere.parent.mkdir()
    elsewhere.write_text(CATALOGUE_PATH.read_text())

    def named_misconceptions(assignment, settings=Settings(isolate=False)):
        return {r.misconception.id for r in Pipeline(settings, assignment).grade(path).results
                if r.misconception is not None}

    declared = replace(named("nn_intro"), catalogue=elsewhere)
    assert named_misconceptions(declared) == {"mse_sum_not_mean"}
    assert named_misconceptions(replace(declared, catalogue=tmp_path / "none.py")) == set()
    other = tmp_path / "other" / "nn_intro.ipynb"             # an instructor's other reference
    other.parent.mkdir()
    other.write_bytes(SOURCE.read_bytes())
    assert declared.catalogue_for(other) == other.parent / "misconceptions.py"
    assert named_misconceptions(declared, Settings(isolate=False, reference=other)) == set()
