"""A grade does not depend on the term's seed: the same submission scores the same under every
seed, mistaken or not (the hidden draws and the inputs beyond the lecture's change with the
seed; a mistake must be charged the same whatever they happen to route through later parts)."""

from dataclasses import replace

import numpy as np
import pytest
from conftest import REPO
from corpus.mistakes import WRONG as NN_INTRO_WRONG
from corpus.mlp import WRONG as MLP_WRONG

from autograder.grading.assignment import named
from autograder.grading.pipeline import Pipeline
from autograder.grading.settings import Settings
from autograder.submission.load import read_cells

SEEDS = (2026, 1, 7, 99, 12345)
CASES = {
    "nn_intro": ["sigmoid_derivative_of_the_output", "neuron_bias_after_activation",
                 "mse_sum_not_mean", "bp_sign_of_d_L_d_ypred", "train_ascent_on_w1_only"],
    "mlp": ["softmax_over_the_whole_array", "leaky_relu", "weights_transposed_in_forward",
            "gradient_of_the_sum_not_the_mean", "last_partial_batch_dropped"],
}


def reference_code(name: str) -> str:
    return "\n\n".join(cell.source for cell in read_cells(
        REPO / "solutions" / name / f"{name}.ipynb", solution_cells_only=True))


@pytest.mark.parametrize("name,variant", [(n, v) for n, vs in CASES.items() for v in vs]
                         + [("nn_intro", None), ("mlp", None)])
def test_the_same_submission_scores_the_same_under_every_seed(name, variant, tmp_path):
    code = reference_code(name)
    if variant is not None:
        [found] = [v for v in (NN_INTRO_WRONG if name == "nn_intro" else MLP_WRONG)
                   if v.name == variant]
        code = found.apply(code)
    path = tmp_path / f"{name}.py"
    path.write_text(code)
    scores = {}
    for seed in SEEDS:       # in this process: the verdicts are the sandbox's (test_hostile)
        grading = Pipeline(replace(Settings(), isolate=False, seed=seed), named(name)).grade(path)
        scores[seed] = {r.number: r.score for r in grading.results}
    assert all(s == scores[SEEDS[0]] for s in scores.values()), scores
    assert (sum(scores[SEEDS[0]].values()) == 100) == (variant is None)


@pytest.mark.parametrize("seed", SEEDS)
def test_every_term_meets_every_declared_case(seed):
    """Not by chance: under every seed, the networks `mlp`'s hidden searches try put each
    activation in a hidden layer and each, softmax included, in the last one; its training
    searches try batch sizes that divide the rows and a last batch smaller than the others."""
    from autograder.grading.checks.strategies import search, seeded
    from coursework.mlp.checks.common import ACTIVATIONS
    from coursework.mlp.checks.strategies import LAYERS, NETWORKS, STEPS, examples, steps

    networks, trainings = [], []
    with seeded(seed):
        search(examples, networks.append, examples=30, cases=NETWORKS)
        search(steps, trainings.append, examples=15, cases=STEPS)
    hidden = {act for ex in networks for act in ex[1][:-1]}
    last = {ex[1][-1] for ex in networks}
    assert hidden == set(ACTIVATIONS) and last == {*ACTIVATIONS, "softmax"}
    batches = {("divide" if len(ex[4]) % b == 0 else "partial") for ex, _, _, b in trainings
               if b < len(ex[4]) or len(ex[4]) % b == 0}
    assert batches == {"divide", "partial"}
    # the cases' examples come first and are the term's own: another seed, other numbers
    with seeded(seed + 1):
        other = []
        search(examples, other.append, examples=30, cases=NETWORKS)
    assert [ex[1] for ex in other[:len(NETWORKS)]] == [list(acts) for acts in LAYERS]
    assert any(not np.array_equal(a[4], b[4]) for a, b in zip(other, networks))
