"""The feedback report (Markdown + SVG files, and one self-contained HTML page) written by
`grade`, `grade-all` and the students' pytest."""

import html
import json
import re

from conftest import EXAMPLES, run_cli

from autograder.grading.results import Figure, Series
from autograder.report.feedback import _fence
from autograder.report.svg import _ticks, chart


def grade_with_report(path, tmp_path, *extra):
    results = tmp_path / "out" / "results.json"
    done = run_cli("grade", path, "--results", results, *extra)
    assert done.returncode == 0, done.stderr
    return done, results.parent


def test_grade_writes_markdown_html_and_pictures_next_to_results_json(tmp_path):
    done, out = grade_with_report(EXAMPLES / "charlie_sum_not_mean.py", tmp_path)
    assert f"Feedback report: {out / 'feedback.html'}" in done.stdout
    md = (out / "feedback.md").read_text()
    page = (out / "feedback.html").read_text()
    for text in (md, page):
        assert "90 / 100" in text
        assert "mse_loss([1, 0, 0, 1], [0, 0, 0, 0]) returned 2, expected 0.5" in text
        assert "Likely misconception:" in text and "a sum instead of a mean" in text
    # every picture the Markdown names is there; the HTML carries its pictures inline
    for name in re.findall(r"!\[[^]]*\]\(([^)]+)\)", md):
        assert (out / name).is_file()
    assert "feedback-loss.svg" in md
    assert page.count("<svg") == 1 and "src=" not in page and "<link" not in page
    # the loss figure: the student's curve and the reference's
    loss = (out / "feedback-loss.svg").read_text()
    assert "your train()" in loss and "the reference" in loss
    assert loss.count("<polyline") == 2


def test_no_report_writes_only_results_json_and_the_grading_as_data(tmp_path):
    _, out = grade_with_report(EXAMPLES / "alice_correct_vectorised.py", tmp_path, "--no-report",
                               "--quiet")
    assert sorted(p.name for p in out.iterdir()) == ["grading.json", "results.json"]
    # and results.json does not point to a report that is not there (Gradescope's case)
    assert "feedback.html" not in json.loads((out / "results.json").read_text())["output"]


def test_an_activation_mistake_is_plotted_over_the_lecture_and_only_that_one(tmp_path):
    _, out = grade_with_report(EXAMPLES / "bob_derivative_of_output.py", tmp_path)
    pictures = sorted(p.name for p in out.glob("feedback-*.svg"))
    assert pictures == ["feedback-activation-sigmoid_derivative.svg", "feedback-loss.svg"]
    svg = html.unescape((out / "feedback-activation-sigmoid_derivative.svg").read_text())
    assert "your sigmoid_derivative" in svg and "σ'(x) = σ(x)(1 − σ(x))" in svg


def test_student_text_is_escaped_in_html_and_fenced_in_markdown(tmp_path, reference_code):
    evil = "<script>alert(1)</script> ```\\n# heading"
    code = reference_code.replace(
        "def mse_loss(y_true, y_pred):",
        f"def mse_loss(y_true, y_pred):\n    raise ValueError({evil!r})", 1)
    path = tmp_path / "nn_intro.py"
    path.write_text(code)
    _, out = grade_with_report(path, tmp_path)
    page = (out / "feedback.html").read_text()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    md = (out / "feedback.md").read_text()
    [block] = [b for b in re.findall(r"^(`{3,})\n(.*?)\n\1$", md, re.M | re.S)
               if "alert(1)" in b[1]][:1]
    assert len(block[0]) > 3                  # a longer fence than the student's ```
    assert "\n# heading" not in md.replace(block[1], "")
    # Gradescope's results.json: every output is Markdown, the student's words fenced the same way
    results = json.loads((out / "results.json").read_text())
    assert results["output_format"] == "md" and results["test_output_format"] == "md"
    assert "feedback.html" in results["output"] and "| Part | Title | Points |" in results["output"]
    tests = {t["number"]: t for t in results["tests"]}
    assert all(t["output_format"] == "md" for t in tests.values())
    mse = [t for t in tests.values() if "alert(1)" in t["output"]]
    assert mse
    for test in mse:
        fences = re.findall(r"^(`{3,})\n(.*?)\n\1$", test["output"], re.M | re.S)
        assert any("alert(1)" in body and len(ticks) > 3 for ticks, body in fences)
        outside = test["output"]
        for _, body in fences:
            outside = outside.replace(body, "")
        assert "<script>" not in outside and "\n# heading" not in outside
        assert "Lecture:" in outside


def test_a_loss_that_blows_up_is_said_in_the_caption(tmp_path, reference_code):
    code = reference_code.replace(
        "losses.append(mse_loss(all_y_trues, y_preds))",
        "losses.append(mse_loss(all_y_trues, y_preds) if epoch < 10 else float('nan'))")
    path = tmp_path / "nn_intro.py"
    path.write_text(code)
    _, out = grade_with_report(path, tmp_path)
    md = (out / "feedback.md").read_text()
    caption = md[md.index("![Training loss"):]
    assert "From epoch 11 on, your loss is not a number (NaN or ∞)" in caption
    svg = (out / "feedback-loss.svg").read_text()
    assert svg.count("<polyline") == 2 and "nan" not in svg.lower()


def test_grade_all_writes_a_report_per_student(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("alice_correct_vectorised.py", "charlie_sum_not_mean.py"):
        (folder / name).write_text((EXAMPLES / name).read_text())
    done = run_cli("grade-all", folder, "--out", tmp_path / "out", "--jobs", "2")
    assert done.returncode == 0, done.stderr
    for student in ("alice_correct_vectorised", "charlie_sum_not_mean"):
        page = (tmp_path / "out" / student / "feedback.html").read_text()
        assert "<svg" in page
    charlie = json.loads((tmp_path / "out" / "charlie_sum_not_mean" / "results.json").read_text())
    assert any(t.get("extra_data", {}).get("misconception") == "mse_sum_not_mean"
               for t in charlie["tests"])


# --- pictures ----------------------------------------------------------------------------

def test_ticks_are_round_and_cover_the_range():
    assert [round(t, 9) for t in _ticks(0, 1)] == [0, 0.2, 0.4, 0.6, 0.8, 1.0]
    ticks = _ticks(-6.6, 6.6)
    assert ticks[0] >= -6.6 and ticks[-1] <= 6.6 and 0 in [round(t, 9) for t in ticks]


def test_a_chart_leaves_gaps_at_non_finite_values_and_escapes_labels():
    figure = Figure("t", "a <b> title", "x", "y", [
        Series("yours & <mine>", [0, 1, 2, 3, 4], [0, 1, float("nan"), 3, 4]),
        Series("single", [0, 1], [float("inf"), 2])])
    svg = chart(figure)
    assert svg.count("<polyline") == 2 and svg.count("<circle") == 1
    assert "a &lt;b&gt; title" in svg and "yours &amp; &lt;mine&gt;" in svg
    assert "nan" not in svg.lower().replace("nan_", "")


def test_a_loss_that_barely_moves_then_blows_up_gets_distinct_axis_labels():
    """0.168 for three epochs, creeping by 1e-9, then NaN: each y tick says a different number."""
    figure = Figure("loss", "Training loss", "epoch", "MSE", [
        Series("your train()", [1, 2, 3, 4, 5], [0.168, 0.168000001, 0.168000002,
                                                 float("nan"), float("nan")])])
    labels = [m for m in re.findall(r'text-anchor="end">([^<]+)<', chart(figure))]
    assert len(labels) >= 3 and len(set(labels)) == len(labels), labels


def test_a_fence_is_longer_than_any_backtick_run_inside():
    assert _fence("plain").startswith("```\n")
    assert _fence("a ```` b").startswith("`````\n")


def test_a_huge_series_is_drawn_from_at_most_a_thousand_points():
    figure = Figure("t", "t", "x", "y", [Series("yours", list(range(100_000)),
                                                [float(i % 7) for i in range(100_000)])])
    svg = chart(figure)
    [points] = re.findall(r'<polyline points="([^"]*)"', svg)
    assert len(points.split()) <= 1000 and len(svg) < 40_000


def test_a_fixed_mistakes_picture_does_not_stay_beside_the_new_report(tmp_path):
    out = tmp_path / "out"
    grade_with_report(EXAMPLES / "bob_derivative_of_output.py", tmp_path)
    assert (out / "feedback-activation-sigmoid_derivative.svg").is_file()
    grade_with_report(EXAMPLES / "alice_correct_vectorised.py", tmp_path)
    assert sorted(p.name for p in out.glob("*.svg")) == ["feedback-loss.svg"]


def test_the_markdown_title_names_the_file_in_a_plain_code_span(tmp_path):
    _, out = grade_with_report(EXAMPLES / "bob_derivative_of_output.py", tmp_path)
    assert (out / "feedback.md").read_text().splitlines()[0] == \
        "# nn_intro feedback: `bob_derivative_of_output.py`"


def test_a_students_report_tints_only_parts_with_a_failing_check(tmp_path):
    """Before grading, every part has points waiting for the hidden checks: that is not lost."""
    from autograder.grading.results import FAILED, HIDDEN_PENDING, PASSED, CheckResult, Grading
    from autograder.report.feedback import html as page_of

    def result(part, status, score):
        return CheckResult(f"c{part}{status}", f"{part}.1", part, "t", "public", 2.0, score,
                           status, "", "", "")
    grading = Grading("nn_intro.ipynb", [result(1, PASSED, 2.0), result(1, HIDDEN_PENDING, 0.0),
                                         result(2, FAILED, 0.0)], "nn_intro",
                      {1: "One", 2: "Two"})
    rows = re.findall(r"<tr( class=\"lost\")?><td>(\d)</td>", page_of(grading))
    assert rows == [("", "1"), (' class="lost"', "2")]


def test_a_misconception_is_explained_once_and_the_other_checks_point_there(tmp_path):
    """Diana's one sign error fails six checks of part 5: every report explains it at the
    first check whose values were wrong ([5.2]; [5.1] is only withheld for them), and each
    other check says where in one line."""
    done, out = grade_with_report(EXAMPLES / "diana_gradient_sign.ipynb", tmp_path)
    explanation = "the chain rule brings out"
    results = json.loads((out / "results.json").read_text())
    tests = {t["number"]: t["output"] for t in results["tests"] if "failed" in t["tags"]}
    assert len(tests) >= 5
    assert [n for n, text in tests.items() if explanation in text] == ["5.2"]
    assert all("see [5.2]" in text for n, text in tests.items() if n != "5.2")
    page = (out / "feedback.html").read_text()
    for text in (done.stdout, (out / "feedback.md").read_text(), html.unescape(page)):
        assert " ".join(text.split()).count(explanation) == 1
    for text in (done.stdout, (out / "feedback.md").read_text()):
        assert text.count("see [5.2]") == len(tests) - 1
    assert page.count('href="#check-5.2"') == len(tests) - 1 and 'id="check-5.2"' in page


def test_checks_carried_forward_are_listed_with_the_root_they_follow_from(tmp_path):
    """Henry's softmax normalises the whole array: the checks of later parts that fail only
    through it keep their points, and every report lists them, each naming [1.2] (a check
    worth points, not a self-check that is itself only a symptom)."""
    henry = EXAMPLES.parent / "mlp" / "henry_softmax_over_the_whole_array.py"
    done, out = grade_with_report(henry, tmp_path, "--assignment", "mlp")
    results = json.loads((out / "results.json").read_text())
    carried = [t for t in results["tests"] if "error carried forward" in t["output"]]
    assert len(carried) >= 4 and all(t["score"] == t["max_score"] for t in carried)
    for text in (done.stdout, (out / "feedback.md").read_text(),
                 html.unescape((out / "feedback.html").read_text())):
        flat = " ".join(text.split())
        assert "Not charged again (error carried forward)" in flat
        assert flat.count("this follows from [1.2]") == len(carried)


def test_an_array_in_a_message_stays_on_one_line_as_a_student_would_type_it():
    """numpy prints a 2-D array over several lines, which broke the reports' layout."""
    import numpy as np

    from autograder.submission.values import fmt

    text = fmt(np.array([[0.0, -0.5], [1.25, 5.17], [7.558, -0.874]]))
    assert "\n" not in text and "  " not in text
    assert np.array_equal(eval(text, {"np": np}), [[0.0, -0.5], [1.25, 5.17], [7.558, -0.874]])
    assert text == "np.array([[0, -0.5], [1.25, 5.17], [7.558, -0.874]])"   # as numbers are
    assert fmt(np.arange(20.0)) == "np.array([0, 1, 2, ..., 17, 18, 19])"  # long: summarised
    assert fmt(np.float32([0.1, 1e-5])) == "np.array([0.1, 1e-05])"
