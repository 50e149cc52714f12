"""What a student sees when they run `pytest` in the released assignment folder."""

import json
import re
import shutil
import subprocess
import sys

from conftest import RELEASE, SOURCE


def students_pytest(tmp_path, notebook):
    folder = tmp_path / "nn_intro"
    folder.mkdir()
    shutil.copy(RELEASE.parent / "pytest.ini", folder)
    shutil.copy(notebook, folder / "nn_intro.ipynb")
    return subprocess.run([sys.executable, "-m", "pytest"], cwd=folder, capture_output=True,
                          text=True, timeout=300)


def total_line(output):
    [line] = [ln for ln in output.splitlines() if re.match(r"\s+Total\s", ln)]
    return re.search(r"Total\s+(\S+ / \S+)", line).group(1).split()


def test_untouched_release_runs_clean_with_a_zero_table(tmp_path):
    done = students_pytest(tmp_path, RELEASE)
    assert done.returncode == 1                     # checks failed, nothing crashed
    out = done.stdout
    assert "INTERNALERROR" not in out and "Traceback" not in out
    assert total_line(out) == ["0", "/", "100"]
    assert "Not implemented yet: sigmoid still raises NotImplementedError" in out
    # each part's checks call that part's own function first: 6.1 asks for train, not for the
    # feedforward it measures with
    after_61 = out.split("[6.1]", 1)[1].split("\n", 2)[1]
    assert "train still raises NotImplementedError" in after_61, after_61
    assert "Runs at grading" in out and "58 points" in out


def test_a_failing_check_shows_feedback_not_a_traceback(tmp_path):
    import json
    nb = json.loads(SOURCE.read_text())
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        cell["source"] = source.replace("return float(((y_true - y_pred) ** 2).mean())",
                                        "return float(((y_true - y_pred) ** 2).sum())")
    broken = tmp_path / "sum.ipynb"
    broken.write_text(json.dumps(nb))
    done = students_pytest(tmp_path, broken)
    assert "mse_loss([1, 0, 0, 1], [0, 0, 0, 0]) returned 2, expected 0.5" in done.stdout
    assert "Traceback" not in done.stdout and "def runtest" not in done.stdout
    assert "2 failed" in done.stdout      # 4.1, and the self-check of mse_loss (4.4)
    # the feedback report, linked from the output, beside the notebook
    assert "Feedback report: pytest-report/feedback.html" in done.stdout
    folder = tmp_path / "nn_intro" / "pytest-report"
    page = (folder / "feedback.html").read_text()
    assert "mse_loss([1, 0, 0, 1], [0, 0, 0, 0]) returned 2, expected 0.5" in page
    assert "<svg" in page and "your train()" in page         # the student's loss curve
    assert page.count("<polyline") == 1                       # no reference on their machine
    assert "![Training loss" in (folder / "feedback.md").read_text()
    assert (folder / "feedback-loss.svg").is_file()


def test_finished_notebook_gets_every_public_point(tmp_path):
    from conftest import CHECKS, number

    done = students_pytest(tmp_path, SOURCE)
    public = sum(c.points for c in CHECKS if not c.hidden)
    assert done.returncode == 0, done.stdout[-3000:]
    assert total_line(done.stdout) == [f"{public:g}", "/", "100"]
    hidden = sum(1 for c in CHECKS if c.hidden)
    assert f"{hidden} skipped" in done.stdout
    worked = [c for c in CHECKS if c.beyond is not None]
    assert (f"Checks {', '.join(number(c) for c in worked)} "
            f"({sum(c.points for c in worked):g} points) pass on the lecture's worked numbers; "
            "their points are confirmed at grading") in " ".join(done.stdout.split())


def test_pytest_beside_the_notebook_alone_grades_it_without_a_pytest_ini(tmp_path):
    """The plugin is installed with the kit (a `pytest11` entry point): a student who downloads
    only the notebook runs `pytest` beside it."""
    finished, release = tmp_path / "finished", tmp_path / "release"
    for folder, notebook in ((finished, SOURCE), (release, RELEASE)):
        folder.mkdir()
        shutil.copy(notebook, folder / "nn_intro.ipynb")
    done = subprocess.run([sys.executable, "-m", "pytest"], cwd=finished, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stdout
    assert done.stdout.splitlines()[-2] == ("All 21 public checks pass; the other 58 points "
                                            "are checked when your work is graded.")
    done = subprocess.run([sys.executable, "-m", "pytest"], cwd=release, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 1
    assert "Not implemented yet: sigmoid still raises NotImplementedError" in done.stdout
    assert "0 of 21 public checks pass (1.1, 1.2," in done.stdout


def test_another_projects_pytest_in_the_same_environment_is_left_alone(tmp_path):
    """Files named like an assignment that are not the kit's notebooks (a plain mlp.ipynb,
    an nn_intro.py) are not collected, and nothing of the kit's is printed."""
    (tmp_path / "mlp.ipynb").write_text(json.dumps(
        {"cells": [{"cell_type": "code", "metadata": {}, "source": "x = 1", "outputs": [],
                    "execution_count": None}], "metadata": {}, "nbformat": 4,
         "nbformat_minor": 5}))
    (tmp_path / "nn_intro.py").write_text("def sigmoid(x):\n    return x\n")
    (tmp_path / "test_mine.py").write_text("def test_mine():\n    assert 1 + 1 == 2\n")
    done = subprocess.run([sys.executable, "-m", "pytest"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stdout
    assert "1 passed" in done.stdout and "public checks" not in done.stdout
    assert not (tmp_path / "pytest-report").exists()


def test_a_backprop_mistake_is_charged_to_backprop_not_to_a_train_that_follows_it(tmp_path):
    """Error carried forward where no reference is at hand: with ∂L/∂ŷ's sign flipped, train
    still steps exactly as the student's own backprop says (its self-check passes), so 6.1's
    failure follows from [5.2]: the points stay in part 6 and the output says where to look.
    And the earned-points rule applies as at grading: 5.1 is not credited."""
    nb = json.loads(SOURCE.read_text())
    for cell in nb["cells"]:
        cell["source"] = "".join(cell["source"]).replace("d_L_d_ypred = -2 * (y_true - y_pred)",
                                                         "d_L_d_ypred = 2 * (y_true - y_pred)")
    broken = tmp_path / "sign.ipynb"
    broken.write_text(json.dumps(nb))
    done = students_pytest(tmp_path, broken)
    out = " ".join(done.stdout.split())
    assert "18 of 21 public checks pass (5.1, 5.2, 5.7 do not yet)" in out
    # 5.1 (nine keys) holds, but its points come with right values, as at grading
    assert "Not credited: this holds, but the values it rests on are wrong (check 5.2" in out
    assert "Move each parameter against its gradient" not in out
    assert "error carried forward: this follows from [5.2]" in " ".join(
        (tmp_path / "nn_intro" / "pytest-report" / "feedback.md").read_text().split())


def test_the_report_is_written_beside_the_notebook_whatever_the_rootdir(tmp_path):
    """A course folder whose pyproject.toml configures pytest makes it pytest's rootdir; a
    student runs `pytest week3` from there. The report still lands beside the notebook, and the
    summary's link is relative to where pytest was started."""
    (tmp_path / "pyproject.toml").write_text("[tool.pytest.ini_options]\naddopts = \"\"\n")
    week = tmp_path / "week3"
    week.mkdir()
    shutil.copy(SOURCE, week / "nn_intro.ipynb")
    done = subprocess.run([sys.executable, "-m", "pytest", "week3"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:]
    assert (week / "pytest-report" / "feedback.html").is_file()
    assert not (tmp_path / "pytest-report").exists()
    assert "Feedback report: week3/pytest-report/feedback.html" in done.stdout
