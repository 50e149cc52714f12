"""The grading command line, as the contract fixes it: verdicts, results.json, exit codes."""

import json
import re

import pytest
from conftest import (
    EXAMPLES,
    RELEASE,
    REPO,
    SOURCE,
    grade_file,
    notebook_from_code,
    part_scores,
    parts_losing_points,
    run_cli,
)


def test_reference_gets_full_marks(tmp_path):
    results = grade_file(SOURCE, tmp_path)
    assert results["score"] == results["max_score"] == 100
    assert all(t["score"] == t["max_score"] for t in results["tests"])


def test_untouched_release_gets_zero_and_says_not_implemented(tmp_path):
    results = grade_file(RELEASE, tmp_path)
    assert results["score"] == 0
    for test in results["tests"]:
        assert "not implemented yet" in test["output"].lower(), test
        assert "Traceback" not in test["output"]


# Each bundled example and the parts where its mistake lives (none: it is correct).
EXAMPLE_MISTAKES = {
    "alice_correct_vectorised.py": set(),
    "bob_derivative_of_output.py": {2},
    "charlie_sum_not_mean.py": {4},
    "diana_gradient_sign.ipynb": {5},
    "eve_bias_after_activation.py": {1},
}


def test_every_bundled_example_has_an_expected_verdict():
    assert {p.name for p in EXAMPLES.iterdir()} == set(EXAMPLE_MISTAKES)


@pytest.mark.parametrize("name", sorted(EXAMPLE_MISTAKES))
def test_bundled_examples_lose_points_exactly_in_the_parts_of_their_mistake(name, tmp_path):
    results = grade_file(EXAMPLES / name, tmp_path)
    assert parts_losing_points(results) == EXAMPLE_MISTAKES[name]


def test_py_and_ipynb_with_the_same_code_get_the_same_results(tmp_path):
    code = (EXAMPLES / "charlie_sum_not_mean.py").read_text()
    notebook = notebook_from_code(code, tmp_path / "charlie.ipynb")
    as_py = grade_file(EXAMPLES / "charlie_sum_not_mean.py", tmp_path)
    as_nb = grade_file(notebook, tmp_path)
    assert as_py["tests"] == as_nb["tests"]
    assert as_py["score"] == as_nb["score"] < as_py["max_score"]


def test_results_json_has_gradescope_shape(tmp_path):
    results = grade_file(EXAMPLES / "diana_gradient_sign.ipynb", tmp_path)
    assert set(results) >= {"score", "max_score", "output", "tests"}
    numbers = [t["number"] for t in results["tests"]]
    assert len(set(numbers)) == len(numbers)
    for test in results["tests"]:
        assert set(test) >= {"name", "number", "score", "max_score", "output", "visibility"}
        assert re.fullmatch(r"[1-6]\.[1-9][0-9]*", test["number"])
        assert 0 <= test["score"] <= test["max_score"]
        assert test["visibility"] in {"visible", "hidden", "after_due_date", "after_published"}
    assert results["score"] == sum(t["score"] for t in results["tests"])
    assert results["max_score"] == sum(t["max_score"] for t in results["tests"])


def test_failed_check_names_call_value_expectation_lecture_and_hint(tmp_path):
    results = grade_file(EXAMPLES / "charlie_sum_not_mean.py", tmp_path)
    [mse] = [t for t in results["tests"] if t["number"] == "4.1"]
    assert "mse_loss([1, 0, 0, 1], [0, 0, 0, 0]) returned 2, expected 0.5" in mse["output"]
    assert "Lecture:" in mse["output"] and "Hint:" in mse["output"]


def test_feedback_never_shows_the_reference_code(tmp_path, reference_code):
    results = grade_file(EXAMPLES / "diana_gradient_sign.ipynb", tmp_path)
    text = json.dumps(results)
    lines = [ln.strip() for ln in reference_code.splitlines()
             if ln.strip() and len(ln.strip()) > 25 and not ln.strip().startswith(("#", '"""'))]
    assert lines
    leaked = [ln for ln in lines if ln in text]
    assert leaked == []


def test_grades_from_any_working_directory(tmp_path):
    results = tmp_path / "r.json"
    done = run_cli("grade", EXAMPLES / "alice_correct_vectorised.py", "--results", results,
                   cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(results.read_text())["score"] == 100
    assert "Total" in done.stdout and "100 / 100" in done.stdout


def test_missing_reference_is_a_non_zero_exit_with_the_reason(tmp_path):
    done = run_cli("grade", SOURCE, "--results", tmp_path / "r.json",
                   "--reference", tmp_path / "nowhere.ipynb")
    assert done.returncode != 0
    assert "reference solution is missing" in done.stderr
    assert not (tmp_path / "r.json").exists()


def test_a_broken_reference_is_a_grader_error_not_the_students(tmp_path):
    broken = tmp_path / "reference.py"
    broken.write_text((EXAMPLES / "alice_correct_vectorised.py").read_text().replace(
        "def mse_loss(y_true, y_pred):", "def mse_loss(y_true, y_pred):\n    raise ValueError('bug')"))
    done = run_cli("grade", EXAMPLES / "alice_correct_vectorised.py", "--results",
                   tmp_path / "r.json", "--reference", broken)
    assert done.returncode == 3
    assert "the reference solution failed in mse_loss" in done.stderr
    assert not (tmp_path / "r.json").exists()


def test_missing_submission_file_is_a_non_zero_exit(tmp_path):
    done = run_cli("grade", tmp_path / "absent.ipynb", "--results", tmp_path / "r.json")
    assert done.returncode != 0 and "no such submission" in done.stderr


def test_a_corrupt_notebook_is_graded_zero_with_the_reason(tmp_path):
    broken = tmp_path / "nn_intro.ipynb"
    broken.write_text('{"cells": [ this is not json')
    results = grade_file(broken, tmp_path)
    assert results["score"] == 0
    assert "not a readable Jupyter notebook" in results["output"]


def test_a_cell_that_raises_is_reported_and_later_cells_still_run(tmp_path, reference_code):
    notebook = notebook_from_code(reference_code, tmp_path / "nb.ipynb",
                                  first_cells=("raise RuntimeError('oops')",))
    results = grade_file(notebook, tmp_path)
    assert results["score"] == 100
    assert "RuntimeError: oops" in results["output"]


def test_same_submission_graded_twice_gives_identical_results(tmp_path):
    first = grade_file(EXAMPLES / "bob_derivative_of_output.py", tmp_path / "a")
    second = grade_file(EXAMPLES / "bob_derivative_of_output.py", tmp_path / "b")
    assert first == second


def test_random_initial_weights_quoted_in_feedback_are_the_same_at_every_grading(
        tmp_path, reference_code):
    """The submission's np.random starts from a fixed seed: a message quoting what its
    NeuralNetwork() drew (here random biases beside zero weights) does not change."""
    from corpus.mistakes import WRONG

    [zero_weights] = [v for v in WRONG if v.name == "init_weights_all_zero"]
    submission = tmp_path / "zero_weights.py"
    submission.write_text(zero_weights.apply(reference_code))
    first = grade_file(submission, tmp_path / "a")
    second = grade_file(submission, tmp_path / "b")
    [failed] = [t for t in first["tests"] if t["score"] < t["max_score"]]
    assert failed["number"] == "3.1" and "b1=" in failed["output"]
    assert first == second


def test_another_term_seed_keeps_the_verdicts(tmp_path):
    default = grade_file(EXAMPLES / "charlie_sum_not_mean.py", tmp_path / "a")
    other = grade_file(EXAMPLES / "charlie_sum_not_mean.py", tmp_path / "b", "--seed", "7")
    assert part_scores(default) == part_scores(other)


def test_grade_all_writes_one_row_and_one_results_file_per_student(tmp_path):
    done = run_cli("grade-all", EXAMPLES, "--out", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    rows = (tmp_path / "out" / "gradebook.csv").read_text().splitlines()
    assert len(rows) == 1 + len(list(EXAMPLES.iterdir()))
    assert rows[0].startswith("student,part1,")
    for path in EXAMPLES.iterdir():
        assert (tmp_path / "out" / path.stem / "results.json").is_file()


def test_cached_examples_give_the_same_results_as_a_cold_start(tmp_path):
    """Searches replay the examples they drew before (benchmarks: the fast path); a failure
    still goes to hypothesis, which finds and shrinks it as on a first run."""
    import os
    outputs = []
    for run in ("cold", "warm"):
        env = dict(os.environ, AUTOGRADER_CACHE=str(tmp_path / "cache"))
        results = tmp_path / f"{run}.json"
        done = run_cli("grade", EXAMPLES / "bob_derivative_of_output.py", "--results", results,
                       "--no-report", env=env)
        assert done.returncode == 0, done.stderr
        outputs.append(json.loads(results.read_text()))
    assert list((tmp_path / "cache").glob("*.pickle"))
    assert outputs[0] == outputs[1]
    assert outputs[0]["score"] < outputs[0]["max_score"]


def test_a_constructor_that_raises_is_charged_once_and_named_where_it_matters(tmp_path,
                                                                              reference_code):
    """NeuralNetwork() needs an argument: check 3.1 says so; the other checks make their
    networks without __init__, and where a method then misses what __init__ would have set,
    the message says why."""
    code = reference_code.replace(
        "    def __init__(self):\n", "    def __init__(self, seed):\n        self.scale = 1.0\n")
    code = code.replace("h1 = sigmoid(self.w1 * x[0]", "h1 = sigmoid(self.scale * self.w1 * x[0]")
    submission = tmp_path / "needs_seed.py"
    submission.write_text(code)
    tests = {t["number"]: t for t in grade_file(submission, tmp_path)["tests"]}
    assert "missing 1 required positional argument" in tests["3.1"]["output"]
    assert tests["3.2"]["score"] == 0
    assert "made without running its __init__, because NeuralNetwork() raised" in (
        tests["3.2"]["output"])
    assert all(t["score"] == t["max_score"] for n, t in tests.items() if n[0] in "124")


def test_the_cli_starts_one_sandbox_early_and_leaves_nothing_behind(tmp_path, monkeypatch):
    """`grade` starts the sandboxed worker before importing the grader (the start-ups
    overlap); the grading adopts it (one worker in all), and a submission that never needs it
    (empty) leaves neither a process nor a scratch folder."""
    from autograder.cli import main
    from autograder.sandbox import worker

    started = []
    spawn = worker.spawn

    def counted(limits, scratch):
        started.append(scratch)
        return spawn(limits, scratch)

    monkeypatch.setattr(worker, "spawn", counted)
    results = tmp_path / "results.json"
    assert main(["grade", str(EXAMPLES / "alice_correct_vectorised.py"), "--results",
                 str(results), "--quiet", "--no-report"]) == 0
    assert json.loads(results.read_text())["score"] == 100
    assert len(started) == 1 and not started[0].exists()

    empty = tmp_path / "empty.py"
    empty.write_text("\n")
    assert main(["grade", str(empty), "--results", str(results), "--quiet"]) == 0
    assert len(started) == 2 and not started[1].exists()


def test_a_cell_is_named_by_its_place_in_the_notebook_markdown_included(tmp_path):
    """Nothing in Jupyter numbers code cells alone: "cell 3" is the third cell from the top."""
    from autograder.submission.load import execute, read_cells

    notebook = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": "# Title"},
                          {"cell_type": "code", "metadata": {}, "source": "x = 1"},
                          {"cell_type": "markdown", "metadata": {}, "source": "text"},
                          {"cell_type": "code", "metadata": {}, "source": "1 / 0"}],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(notebook))
    cells = read_cells(path)
    assert [c.label for c in cells] == ["cell 2", "cell 4"]
    [problem] = execute(cells).problems
    assert "cell 4" in problem and "ZeroDivisionError" in problem


def test_one_rule_decides_which_assignment_a_submission_is(tmp_path):
    """`assignment.decide`, which every front end asks: a name given, a folder's notebook, a
    file's name, a renamed notebook's test cells or grade ids, else the default."""
    import shutil

    from autograder.grading.assignment import decide

    mlp_source = REPO / "solutions" / "mlp" / "mlp.ipynb"
    folder = tmp_path / "bob"
    folder.mkdir()
    shutil.copy(mlp_source, folder / "mlp.ipynb")
    assert decide(folder).name == "mlp"
    assert decide(folder, name="nn_intro").name == "nn_intro"
    renamed = tmp_path / "week3.ipynb"
    shutil.copy(mlp_source, renamed)
    assert decide(renamed).name == "mlp"                       # its test cells say so
    ids_only = json.loads(mlp_source.read_text())
    ids_only["cells"] = [c for c in ids_only["cells"] if "grade_part" not in "".join(c["source"])]
    renamed.write_text(json.dumps(ids_only))
    assert decide(renamed).name == "mlp"                       # its grade ids do
    assert decide(tmp_path / "anything.py").name == "nn_intro"  # the default


def test_a_cell_tagged_skip_at_grading_is_never_run_by_the_kit(tmp_path):
    """A demonstration cell (the release's 1000-epoch training run) tagged `skip-at-grading`
    is left out wherever the kit runs a notebook; its number still counts for the others."""
    from autograder.submission.load import SKIP_TAG, execute, read_cells

    notebook = {"cells": [{"cell_type": "code", "metadata": {}, "source": "x = 1"},
                          {"cell_type": "code", "metadata": {"tags": [SKIP_TAG]},
                           "source": "raise SystemExit('a long demonstration')"},
                          {"cell_type": "code", "metadata": {"tags": ["other"]}, "source": "y = x"}],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(notebook))
    cells = read_cells(path)
    assert [c.label for c in cells] == ["cell 1", "cell 3"]
    assert execute(cells).problems == []
    release = json.loads(RELEASE.read_text())
    demos = [c for c in release["cells"] if c["cell_type"] == "code"
             and "nbgrader" not in c["metadata"]]
    assert demos and all(SKIP_TAG in c["metadata"].get("tags", []) for c in demos)


def test_help_and_choosing_an_assignment_import_neither_numpy_nor_other_assignments(tmp_path):
    """`autograder --help` costs Python's start and argparse; naming an assignment loads that
    one alone (the grader starts its sandbox before it imports numpy), once the installed
    assignments' table is in the cache (reading it the first time writes it)."""
    import os
    import subprocess
    import sys

    code = ("import sys\n"
            "from autograder.cli.parser import parser\n"
            "from autograder.grading import assignment\n"
            "assert {'mlp', 'nn_intro'} <= assignment.names(), assignment.names()\n"
            "print('numpy' in sys.modules)\n"
            "assignment.named('nn_intro')\n"
            "print('numpy' in sys.modules, 'coursework.mlp' in sys.modules)\n")
    env = {**os.environ, "AUTOGRADER_CACHE": str(tmp_path)}
    for _ in range(2):          # the first run writes the table
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True, env=env)
    assert out.stdout.split() == ["False", "True", "False"]


def test_the_command_ends_at_once_with_its_output_whole_and_main_s_exit_status(tmp_path):
    """The command skips the interpreter's teardown (`cli.script`): what it printed into a
    pipe still arrives whole, and the exit status is main's."""
    from autograder.grading.assignment import named
    from autograder.report.catalogue import markdown

    done = run_cli("checks", "--assignment", "mlp")
    assert done.returncode == 0 and done.stdout == markdown(named("mlp"))
    absent = run_cli("grade", tmp_path / "absent.ipynb", "--results", tmp_path / "r.json")
    assert absent.returncode == 2 and "no such submission" in absent.stderr


def test_the_installed_assignments_are_read_once_and_then_from_the_cache(tmp_path):
    """The entry points are read with importlib.metadata when the cache has no table for the
    installed distributions (or an unreadable one), and from the cache after that."""
    import os
    import subprocess
    import sys

    code = ("import sys\n"
            "from autograder.grading import assignment\n"
            "names = sorted(assignment.names())\n"
            "assignment.named('mlp')\n"
            "print(names, 'importlib.metadata' in sys.modules)\n")
    env = {**os.environ, "AUTOGRADER_CACHE": str(tmp_path)}

    def run() -> str:
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True, env=env).stdout.strip()

    assert run() == "['mlp', 'nn_intro'] True"
    assert run() == "['mlp', 'nn_intro'] False"
    for kept in tmp_path.iterdir():
        kept.write_text('{"key": "garbled')
    assert run() == "['mlp', 'nn_intro'] True"
