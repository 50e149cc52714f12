"""What a student sees when they run `pytest` in the released assignment folder."""

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
    assert "1 failed" in done.stdout
    # the feedback report, linked from the output, beside the notebook
    assert "Feedback report: feedback/feedback.html" in done.stdout
    folder = tmp_path / "nn_intro" / "feedback"
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
