"""The check declarations: one home for each fact, and checks that can fail."""

import contextlib
import io
import subprocess
import sys

import pytest
from conftest import CHECKS, NN_INTRO, PARTS, SOURCE, number, part_points

from autograder.grading.pipeline import reference as load_reference
from autograder.grading.run import PASSED, run_check
from autograder.notebook import grade_part
from autograder.submission import LocalSubmission
from autograder.submission.load import Loaded


def reference():
    return load_reference(SOURCE)


def test_ids_are_unique_and_every_part_has_public_and_hidden_checks():
    assert len({c.id for c in CHECKS}) == len(CHECKS)
    for part in PARTS:
        kinds = {c.visibility for c in CHECKS if c.part == part}
        assert kinds == {"public", "hidden"}, part
    assert sum(part_points(p) for p in PARTS) == 100


def test_numbers_follow_declaration_order_within_each_part():
    for part in PARTS:
        numbers = [number(c) for c in CHECKS if c.part == part]
        assert numbers == [f"{part}.{k}" for k in range(1, len(numbers) + 1)]


def test_every_check_states_its_lecture_step_and_a_hint():
    for check in CHECKS:
        assert check.lecture.startswith("Part ") and len(check.hint) > 20, check.id


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.id)
def test_each_check_fails_on_an_empty_submission(check):
    empty = LocalSubmission(Loaded({"np": __import__("numpy")}))
    result = run_check(check, empty, reference())
    assert result.status != PASSED and result.score == 0
    assert "is not defined" in result.output


@pytest.mark.parametrize("part", sorted(PARTS))
def test_notebook_test_cells_give_the_reference_full_points_on_stdout_only(part):
    namespace = dict(reference().namespace)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        graded = grade_part(part, namespace)
        graded.run_hidden()
    assert graded.points == part_points(part)
    assert err.getvalue() == ""
    assert f"Part {part}" in out.getvalue()


def test_the_docs_check_catalogue_is_generated_from_the_declarations():
    from pathlib import Path

    from autograder.report.catalogue import markdown

    page = (Path(__file__).parent.parent / "docs" / "checks.md").read_text()
    assert page.endswith(markdown(NN_INTRO)), "docs/checks.md is stale: regenerate with `autograder checks`"


class Recording(LocalSubmission):
    """The reference, recording every call a check makes."""

    def __init__(self, namespace):
        super().__init__(Loaded(dict(namespace)))
        self.calls = []

    def call(self, name, *args):
        self.calls.append((name, repr(args)))
        return super().call(name, *args)


def _calls_under_seed(seed: int) -> list:
    [mse] = [c for c in CHECKS if c.id == "mse_matches_reference"]
    sub = Recording(reference().namespace)
    assert run_check(mse, sub, reference(), seed=seed).status == PASSED
    return sub.calls


def test_hidden_inputs_are_fixed_by_the_term_seed():
    assert _calls_under_seed(1) == _calls_under_seed(1)
    assert _calls_under_seed(1) != _calls_under_seed(2)


def test_searches_that_differ_only_in_a_closed_over_limit_draw_their_own_examples(tmp_path,
                                                                                 monkeypatch):
    """The replayed examples are keyed by what the strategy factory closes over: a tanh check
    (|x| <= 20, the contract's range) never replays a sigmoid check's |x| <= 1000 examples."""
    from autograder.grading.checks.strategies import floats, search

    monkeypatch.setenv("AUTOGRADER_CACHE", str(tmp_path))

    def factory(limit):
        return lambda: floats(limit)

    seen = {}
    for limit in (1000.0, 20.0, 1000.0):
        drawn = []
        search(factory(limit), drawn.append, examples=25)
        seen.setdefault(limit, []).append(drawn)
    assert max(abs(x) for x in seen[20.0][0]) <= 20
    assert max(abs(x) for x in seen[1000.0][0]) > 20
    assert seen[1000.0][0] == seen[1000.0][1]          # replayed: the same examples again


def test_the_replayed_examples_are_named_by_the_installed_hypothesis_version(tmp_path,
                                                                             monkeypatch):
    """Another hypothesis draws other examples: its version.py is part of the cache key."""
    import importlib.util
    from types import SimpleNamespace

    from autograder.grading.checks import strategies

    def version(text):
        package = tmp_path / text
        package.mkdir(exist_ok=True)
        (package / "version.py").write_text(f"__version_info__ = {text}\n")
        found = SimpleNamespace(origin=str(package / "__init__.py"))
        monkeypatch.setattr(importlib.util, "find_spec", lambda name: found)
        return strategies._checks_version()

    assert version("(6, 1, 0)") == version("(6, 1, 0)")
    assert version("(6, 1, 0)") != version("(6, 2, 0)")


def test_a_networks_parameters_are_all_different_and_shrink_to_round_numbers():
    """nn_intro's networks: nine parameters in [−3, 3], three decimals, no two within 1e-3
    (so a swapped weight shows), made so without rejecting draws; hypothesis's simplest
    example is the round 0, ±0.5, ±1... a failure shrinks to."""
    from autograder.grading.checks import strategies
    from coursework.nn_intro.checks.strategies import distinct, parameters

    drawn = []
    strategies._search(parameters, drawn.append, 200, shrink=False)
    assert len(drawn) == 200
    for params in drawn:
        values = list(params.values())
        assert len(values) == 9 and all(abs(v) <= 3 and round(v, 3) == v for v in values)
        assert all(abs(a - b) > 1e-3 for i, a in enumerate(values) for b in values[i + 1:])
    assert list(drawn[0].values()) == [0, 0.5, -0.5, 1, -1, 1.5, -1.5, 2, -2]
    assert distinct([3.0] * 9, 3.0) == [3, 2.5, 2, 1.5, 1, 0.5, 0, -0.5, -1]
    assert distinct([1.25, 1.2505, -0.4], 3.0) == [1.25, 1.75, -0.4]   # apart already: kept


FIRST_FAILS = """
import sys
from autograder.grading.checks import strategies
from autograder.grading.checks.base import Fail

def body(v):
    raise Fail(f"wrong at {v!r}")

try:
    strategies.search(lambda: strategies.floats(5.0), body)
except Fail as error:
    print(error, "hypothesis" in sys.modules)
"""


def test_a_failure_at_the_simplest_example_stands_without_hypothesis(tmp_path, monkeypatch):
    """A search whose replayed first example is hypothesis's simplest, and fails, reports that
    example as the real search would (it starts there and finds nothing simpler), without
    importing hypothesis; a strategy that rejects its simplest try still goes to hypothesis,
    which shrinks to the simplest example the strategy has."""
    import os

    from autograder.grading.checks import strategies
    from autograder.grading.checks.base import Fail

    monkeypatch.setenv("AUTOGRADER_CACHE", str(tmp_path / "cache"))
    env = dict(os.environ)
    said = [subprocess.run([sys.executable, "-c", FIRST_FAILS], capture_output=True, text=True,
                           timeout=120, env=env, cwd=tmp_path).stdout.strip() for _ in "12"]
    assert said == ["wrong at 0.0 True", "wrong at 0.0 False"]   # drawn, then replayed

    def body(v):
        raise Fail(f"wrong at {v!r}")

    with pytest.raises(Fail) as real:
        strategies._search(lambda: strategies.floats(5.0), body, 40, shrink=True)
    assert str(real.value) == "wrong at 0.0"
    apart = lambda: strategies.st.tuples(*[strategies.st.integers(0, 100)] * 2).filter(  # noqa: E731
        lambda t: t[0] != t[1])
    drawn = strategies._drawn("test-apart", apart, 5)
    assert drawn.examples[0] not in [(0, 1), (1, 0)] and not drawn.simplest_first
    with pytest.raises(Fail, match=r"wrong at \((0, 1|1, 0)\)$"):
        strategies.search(apart, body, examples=5)


DRAW = """
import importlib, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
from autograder.grading.checks import strategies
from coursework.nn_intro.checks.strategies import datasets, parameters
drawn = []
strategies._search(lambda: strategies.st.tuples(parameters(), datasets()), drawn.append, 10,
                   shrink=False)
print(repr(drawn))
"""


def test_hidden_inputs_do_not_depend_on_which_modules_are_loaded(tmp_path):
    """Hypothesis mixes literal constants of the user's loaded modules into its draws; the
    kit's own modules must not steer its hidden inputs (a `grade` and a `grade-all` of one
    file once drew different examples)."""
    def draw(*modules):
        done = subprocess.run([sys.executable, "-c", DRAW, *modules], capture_output=True,
                              text=True, timeout=120, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        return done.stdout

    (tmp_path / "constants_of_mine.py").write_text("A, B, C = 0.125, 2.5, -1.75\n")
    assert draw() == draw("autograder.report.svg", "autograder.instructor.batch") == draw("constants_of_mine")
    assert draw() == draw("coursework.nn_intro.figures")


def test_a_notebook_cell_carries_an_earlier_parts_mistake_forward(reference_code, tmp_path):
    """In the student's kernel (public checks, no reference), part 6's cell does not charge a
    train that steps as the student's own backprop says for backprop's flipped sign."""
    from autograder.submission.load import load

    path = tmp_path / "nn_intro.py"
    path.write_text(reference_code.replace("d_L_d_ypred = -2 * (y_true - y_pred)",
                                           "d_L_d_ypred = 2 * (y_true - y_pred)"))
    namespace = load(path).namespace
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        part5, part6 = grade_part(5, namespace), grade_part(6, namespace)
    assert part5.points < sum(c.points for c in CHECKS if c.part == 5 and not c.hidden)
    assert part6.points == sum(c.points for c in CHECKS if c.part == 6 and not c.hidden)
    assert "error carried forward: this follows from [5.2]" in " ".join(out.getvalue().split())
    [r] = [r for r in part6.results if r.number == "6.1"]
    assert r.carried_from == "5.2" and r.score == r.max_score


def test_code_that_raises_gets_a_hint_about_its_exception_not_about_wrong_values(
        reference_code, tmp_path):
    """A NameError inside relu is not a wrong value: the hint says to mend the exception."""
    from autograder.grading.run import RAISED
    from autograder.submission.load import load

    path = tmp_path / "nn_intro.py"
    path.write_text(reference_code.replace("def relu(x):\n", "def relu(x):\n    undefined_name\n"))
    sub = LocalSubmission(load(path))
    [check] = [c for c in CHECKS if c.part == 2 and "relu" in c.title.lower() and not c.hidden]
    r = run_check(check, sub, None)
    assert r.status != PASSED and "NameError" in r.message
    assert r.hint == RAISED and check.hint not in r.output and RAISED in r.output
