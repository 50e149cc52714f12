"""grade-all's cohort report: what the cohort got wrong, from what the kit knows of each
submission (each misconception counted once per student, pass rates, the failed gradings)."""

import re
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES, run_cli

NAMED = {"neuron_bias_after_activation": "eve_bias_after_activation",
         "sigma_prime_of_the_output": "bob_derivative_of_output",
         "mse_sum_not_mean": "charlie_sum_not_mean",
         "bp_sign_of_d_L_d_ypred": "diana_gradient_sign"}
ODD_NAME = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cohort")
    for path in EXAMPLES.iterdir():
        shutil.copy(path, folder / path.name)
    shutil.copy(EXAMPLES / "charlie_sum_not_mean.py", folder / f"{ODD_NAME}.py")
    (folder / "no_show").mkdir()                          # a student folder with nothing in it
    out = tmp_path_factory.mktemp("out")
    done = run_cli("grade-all", folder, "--out", out, "--jobs", "2")
    assert done.returncode == 0, done.stderr
    return out


def misconceptions(markdown: str) -> dict[str, tuple[int, list[str]]]:
    found = {}
    for line in markdown.splitlines():
        m = re.match(r"\* \*\*(\d+)\*\* — part \d: .* \(`(\w+)`\): (.*)$", line)
        if m:
            found[m[2]] = (int(m[1]), re.findall(r"`([^`]+)`", m[3]))
    return found


def test_each_examples_misconception_is_counted_once_with_its_student(batch):
    found = misconceptions((batch / "cohort.md").read_text())
    # charlie's mistake is shown by two students: charlie and the copy with the odd name
    assert found.pop("mse_sum_not_mean") == (2, sorted(["charlie_sum_not_mean", ODD_NAME]))
    assert found == {mid: (1, [student]) for mid, student in NAMED.items()
                     if mid != "mse_sum_not_mean"}


def test_pass_rates_parts_and_the_failed_gradings_are_reported(batch):
    text = (batch / "cohort.md").read_text()
    assert "7 students, 6 graded" in text
    assert re.search(r"^\| 4\.1 \| .* \| 4 of 6 \|$", text, re.M)       # charlie twice
    assert re.search(r"^\| 1\.1 \| .* \| 6 of 6 \|$", text, re.M)
    hardest = [line.split("|")[1].strip() for line in text.splitlines()
               if re.match(r"^\| \d+\.\d+ \|", line)]
    assert hardest.index("4.1") < hardest.index("1.1")
    assert "`no_show`: missing" in text
    assert text.count("s\n") and "## Slowest gradings" in text


def test_the_html_twin_draws_its_charts_and_escapes_student_names(batch):
    page = (batch / "cohort.html").read_text()
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert page.count("<svg") == 3
    scores = re.search(r"<svg.*?</svg>", page, re.S)[0]
    heights = [float(h) for h in re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" '
                                             r'height="([\d.]+)" fill="#1f77b4"', scores)]
    # 75 in the eighth tenth; 90, 90, 93, 95 and 100 in the last (which holds full marks)
    assert len(heights) == 10 and [i for i, h in enumerate(heights) if h > 0] == [7, 9]
    assert heights[9] == pytest.approx(5 * heights[7], rel=0.01)
    for name in ("cohort-scores.svg", "cohort-parts.svg", "cohort-checks.svg"):
        assert (batch / name).read_text().startswith("<svg")
