"""Error carried forward's lending, piece by piece: a lent function runs the submission's own
code first, answers with what the grader says, reaches every reference to the function, and
leaves the submission as it was afterwards."""

import numpy as np
import pytest

from autograder.grading.carry import Lend
from autograder.submission.lending import lenders

CODE = """
import numpy as np
calls = []

def sigmoid(z):
    calls.append(float(z))
    return 0.0                       # wrong: the earlier part's mistake

def broken(z):
    raise ValueError("not yet")

TABLE = {"sigmoid": sigmoid}         # a reference the name swap alone would miss

def later(z):
    return 2 * TABLE["sigmoid"](z)

class Net:
    def __init__(self):
        self.w = 1.0
    def out(self, z):
        self.w += 5                  # changes a parameter: the contract forbids it
        self.synced = True           # a side effect of its own, which stays
        return self.w * z
"""


def loaded():
    namespace = {}
    exec(compile(CODE, "<cell 1>", "exec"), namespace)
    return namespace


def grader(answers):
    asked = []

    def ask(question):
        asked.append(question)
        return answers(question)
    return ask, asked


def number(value):
    return {"kind": "number", "value": value}


def test_a_lent_function_runs_its_own_code_then_answers_the_graders_number_everywhere():
    ns = loaded()
    ask, asked = grader(lambda q: number(0.5))
    with lenders(ns, [Lend("sigmoid", 1).plain()], ask, lambda obj: None):
        assert ns["later"](3.0) == 1.0                    # through TABLE, not the name
    assert ns["calls"] == [3.0]                           # its own code ran
    assert asked[0]["own"] == number(0.0) and asked[0]["args"] == [number(3.0)]
    assert ns["later"](3.0) == 0.0                        # put back afterwards
    assert "__autograder_lent__" not in ns


def test_an_exception_of_the_lent_function_is_answered_for_or_raised_again():
    ns = loaded()
    ask, asked = grader(lambda q: number(0.25))
    with lenders(ns, [Lend("broken", 1).plain()], ask, lambda obj: None):
        assert ns["broken"](1.0) == 0.25
        assert asked[0]["own"]["kind"] == "other"         # counts as different
    ask, _ = grader(lambda q: None)                       # the grader cannot answer
    with lenders(ns, [Lend("broken", 1).plain()], ask, lambda obj: None):
        with pytest.raises(ValueError, match="not yet"):
            ns["broken"](1.0)
        with pytest.raises(ValueError, match="not yet"):  # keyword arguments: never asked
            ns["broken"](z=1.0)


def test_a_lent_method_keeps_its_side_effects_but_not_a_changed_parameter():
    ns = loaded()
    net = ns["Net"]()
    ask, asked = grader(lambda q: number(7.0))
    spec = Lend("out", 3, "Net", ("w",)).plain()
    with lenders(ns, [spec], ask, lambda obj: 1 if obj is net else None):
        assert net.out(2.0) == 7.0
    assert net.w == 1.0 and net.synced                    # parameter put back, sync kept
    assert asked[0]["handle"] == 1 and asked[0]["state"] == {"w": number(1.0)}
    assert asked[0]["own"]["kind"] == "other"             # it changed a parameter
    other = ns["Net"]()                                   # not one the grader made: its own
    with lenders(ns, [spec], ask, lambda obj: None):
        assert other.out(2.0) == 12.0
    assert len(asked) == 1


def test_an_oracle_answers_lent_names_only_and_never_fails_the_grader():
    from autograder.grading.carry import Oracle

    class Reference:
        def call(self, name, *args):
            if name != "sigmoid":
                raise AssertionError("asked for a function it does not lend")
            return number(float(1 / (1 + np.exp(-args[0]))))
    oracle = Oracle(Reference(), [Lend("sigmoid", 1)], made=lambda handle: None)
    question = {"name": "sigmoid", "cls": "", "handle": None, "state": None,
                "args": [number(0.0)], "own": number(0.0)}
    assert oracle.answer(question) == number(0.5)
    assert oracle.differed == {"sigmoid"}
    assert oracle.answer({**question, "name": "backprop"}) is None
    assert oracle.answer({**question, "args": [{"kind": "array", "shape": [0, 2 ** 31, 2 ** 31],
                                                "data": []}]}) is None
    assert oracle.answer("not a question") is None


def test_the_graders_table_says_where_a_training_left_the_prescribed_steps():
    """`Trajectory.parting`: how many steps a loop followed, then the sample or the parameter
    where it left them, or how many of the steps it took; '' when it took them all."""
    from autograder.submission.lent import Trajectory

    rows = [([1.0], [0.5, 2.0], "g1"), ([2.0], [0.4, 2.0], "g2"), ([1.0], [0.3, 2.0], "g3")]

    def table():
        return Trajectory(rows, "backprop", ["w", "b"])
    assert table().parting() == "it never called backprop; the prescribed steps call it 3 times"
    ascent = table()
    assert ascent.answer([1.0], [0.5, 2.0]) == "g1"
    assert ascent.parting() == "it called backprop for 1 of the 3 prescribed steps"
    assert ascent.answer([2.0], [0.6, 2.0]) is None                 # w moved up, not down
    assert ascent.parting() == ("its first step follows the prescribed one; when backprop is "
                                "called for step 2, w = 0.6 where the step has 0.4")
    reordered = table()
    reordered.answer([1.0], [0.5, 2.0])
    assert reordered.answer([1.0], [0.4, 2.0]) is None
    assert reordered.parting().endswith("at step 2 it asked backprop about [1] where that step "
                                        "takes [2]")
    followed = table()
    for args, state, _ in rows:
        followed.answer(args, state)
    assert followed.parting() == ""
    layers = Trajectory([([0.0], [[np.zeros((1, 2))], [np.zeros(2)]], "g")], "backprop",
                        ["weights", "biases"])
    assert layers._labels == ["weights[0][0, 0]", "weights[0][0, 1]", "biases[0][0]",
                              "biases[0][1]"]


@pytest.mark.parametrize("where", ["in this process", "in the sandbox"])
def test_a_function_is_lent_along_the_steps_and_given_back(where):
    """`lent_function`: a function-style loop (here f, calling g) is judged with g answering
    the grader's steps, in this process and across the sandbox's wall; off the steps the call
    fails as a wrong value; afterwards the submission's own g is back."""
    from autograder.authoring import Fail, as_float, lent_function, told_where_it_parts
    from autograder.sandbox.isolated import IsolatedSubmission
    from autograder.sandbox.walls import Limits
    from autograder.submission import LocalSubmission, OffSteps
    from autograder.submission.load import Cell, Loaded, execute

    code = "def g(x):\n    return x + 1\n\ndef f(x):\n    return g(x) * 2\n"
    if where == "in this process":
        sub = LocalSubmission(Loaded(execute([Cell(1, code, "cell 1")]).namespace))
    else:
        sub = IsolatedSubmission([Cell(1, code, "cell 1")], Limits(call_seconds=10,
                                                                   total_seconds=60))
        assert sub.load() == []
    try:
        with lent_function(sub, "g", [([3.0], [], 10.0)]) as table:
            assert as_float(sub.call("f", 3.0)) == 20.0
            with pytest.raises(OffSteps):
                sub.call("f", 4.0)
        with pytest.raises(Fail, match="its first step follows the prescribed one; then it "
                                       "asked g once more"):
            with told_where_it_parts(table):
                raise Fail("f(4) is wrong")
        assert as_float(sub.call("f", 3.0)) == 8.0 and as_float(sub.call("g", 3.0)) == 4.0
    finally:
        if where == "in the sandbox":
            sub.close()
