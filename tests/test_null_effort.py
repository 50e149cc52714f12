"""No credit without work: submissions that compute nothing earn nothing in the parts they
touch, and the lecture's worked numbers hard-coded earn at most 5 points."""

import json
import re

import pytest
from conftest import CHECKS, REPO, number, part_scores, run_cli
from corpus.null_effort import BACKPROP_TO_END_OF_TRAIN, NO_WORK_IN_PARTS_5_AND_6, NULL_EFFORT
from test_corpus import grade_code


@pytest.mark.parametrize("submission", NULL_EFFORT, ids=lambda s: s.name)
def test_a_submission_that_does_no_work_earns_nothing_where_it_does_none(submission, tmp_path):
    results = grade_code(submission.code, tmp_path)
    scores = part_scores(results)
    earned = {part: got for part, (got, _) in scores.items() if part in submission.touches}
    if submission.most:
        assert results["score"] <= submission.most, earned
        worked = {number(c) for c in CHECKS if c.beyond is not None}   # the worked numbers
        assert [t["number"] for t in results["tests"] if t["number"] in worked and t["score"]] == []
    else:
        assert earned == {part: 0 for part in submission.touches}, earned


def test_parts_done_right_keep_their_points_and_no_work_in_backprop_and_train_earns_none(
        reference_code, tmp_path):
    start, end = BACKPROP_TO_END_OF_TRAIN
    first = reference_code.index(start)
    last = reference_code.index(end, first) + len(end)
    code = reference_code[:first] + NO_WORK_IN_PARTS_5_AND_6.lstrip("\n") + reference_code[last:]
    scores = part_scores(grade_code(code, tmp_path))
    assert {p: got for p, (got, _) in scores.items()} == {1: 10, 2: 20, 3: 15, 4: 10, 5: 0, 6: 0}


def test_a_hard_coded_answer_is_told_why_it_earns_nothing(tmp_path):
    [hard] = [s for s in NULL_EFFORT if s.name == "lecture_numbers_hard_coded"]
    results = grade_code(hard.code, tmp_path)
    [sigmoid_at_zero] = [t for t in results["tests"] if t["number"] == "1.1"]
    assert sigmoid_at_zero["score"] == 0
    assert re.search(r"The lecture's example passes, but not beyond it: sigmoid\(-?[0-9.]+\) "
                     r"returned 0, expected", sigmoid_at_zero["output"])


@pytest.mark.parametrize("name", ["nn_intro", "mlp"])
def test_a_lookup_table_for_the_seed_it_was_built_for_earns_nothing_in_another_term(name,
                                                                                   tmp_path):
    """The reference's answers for every input one grading asked (under the default seed,
    which a student can read in the installed package), zeros and no training elsewhere:
    graded under the term's own seed it earns nothing; under the default seed it would pass,
    which is why the term's seed must be the instructor's secret."""
    from dataclasses import replace

    from corpus.lookup import gate

    from autograder.grading.assignment import named
    from autograder.grading.pipeline import Pipeline
    from autograder.grading.settings import Settings
    from autograder.submission.load import read_cells

    assignment = named(name)
    code = "\n\n".join(cell.source for cell in read_cells(
        REPO / "solutions" / name / f"{name}.ipynb", solution_cells_only=True))
    record, table = tmp_path / "asked.jsonl", tmp_path / f"{name}.py"
    table.write_text(gate(code, record=str(record)))
    Pipeline(replace(Settings(), isolate=False), assignment).grade(table)
    known = [json.loads(line) for line in record.read_text().splitlines()]
    table.write_text(gate(code, known=known))
    earned = {}
    for seed in (12345, None):
        results = tmp_path / f"results-{seed}.json"
        done = run_cli("grade", table, "--assignment", name, "--results", results, "--quiet",
                       *(("--seed", seed) if seed is not None else ()))
        assert done.returncode == 0, done.stderr
        earned[seed] = {t["name"]: t["score"] for t in json.loads(results.read_text())["tests"]
                        if t["score"]}
    # The constructor is the reference's own (real work, which the table does not replace).
    assert all(title.startswith(("NeuralNetwork()", "MLP()")) for title in earned[12345]), \
        earned[12345]
    assert sum(earned[None].values()) >= 50, earned[None]    # faithful for its own seed


FIXED_TRAIN = {
    "nn_intro": ("""
_net = NeuralNetwork()
_net.train(np.array([[-2, -1], [25, 6], [17, 4], [-15, -6]]), np.array([1, 0, 0, 1]), 0.1, 1000)
_FIXED = {p: getattr(_net, p) for p in ("w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3")}

def _fixed_train(self, data, all_y_trues, learn_rate=0.1, epochs=1000):
    vars(self).update(_FIXED)
    last = mse_loss(all_y_trues, [self.feedforward(x) for x in data])
    return [last * (1 + 0.01 * (epochs - k)) for k in range(1, epochs + 1)]

NeuralNetwork.train = _fixed_train
""", 6),
    "mlp": ("""
_net = MLP([2, 2, 1], ["sigmoid", "sigmoid"], seed=1)
_X, _Y = np.array([[-2., -1], [25, 6], [17, 4], [-15, -6]]), np.array([[1.], [0], [0], [1]])
_net.train(_X, _Y, 0.1, 300)
_FIXED = ([w.copy() for w in _net.weights], [b.copy() for b in _net.biases])

def _fixed_train(self, X, Y, learn_rate=0.1, epochs=100, batch_size=1):
    if [w.shape for w in self.weights] == [w.shape for w in _FIXED[0]]:
        self.weights, self.biases = [w.copy() for w in _FIXED[0]], [b.copy() for b in _FIXED[1]]
    last = mse_loss(Y, self.forward(X))
    return [last * (1 + 0.01 * (epochs - k)) for k in range(1, epochs + 1)]

MLP.train = _fixed_train
""", 5),
}


@pytest.mark.parametrize("name", sorted(FIXED_TRAIN))
def test_a_train_that_sets_fixed_good_parameters_earns_nothing_in_training(name, tmp_path):
    """Parameters that classify the lecture's people, found once at import and set by every
    call, with a loss list that falls to the right final loss: the end state of a trained
    network without the steps. Every other part is the reference's and keeps its points."""
    from autograder.submission.load import read_cells

    code = "\n\n".join(cell.source for cell in read_cells(
        REPO / "solutions" / name / f"{name}.ipynb", solution_cells_only=True))
    extra, part = FIXED_TRAIN[name]
    path, results = tmp_path / f"{name}.py", tmp_path / "results.json"
    path.write_text(code + "\n" + extra)
    done = run_cli("grade", path, "--assignment", name, "--results", results, "--quiet")
    assert done.returncode == 0, done.stderr
    scores = part_scores(json.loads(results.read_text()))
    assert scores[part][0] == 0, scores
    assert all(got == top for p, (got, top) in scores.items() if p != part), scores
