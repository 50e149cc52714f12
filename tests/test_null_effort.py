"""No credit without work: submissions that compute nothing earn nothing in the parts they
touch, and the lecture's worked numbers hard-coded earn at most 5 points."""

import pytest

from conftest import CHECKS, number
from conftest import part_scores
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
    assert "The lecture's example passes, but not beyond it: sigmoid(-2.5) returned 0" in \
        sigmoid_at_zero["output"]
