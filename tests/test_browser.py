"""The HTML feedback report in a real browser: headless Chromium (Debian's package; `.ci/run`
installs it when missing). It renders without a console message, its loss chart shows the
student's and the reference's curves in their colours, and what the submission said stays
text. Skipped only outside CI on a machine without Chromium."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLES, run_cli

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"),
                                reason="no chromium on this machine (CI installs it)")
# As root, Chromium needs --no-sandbox; the rest keep it off this machine's closed network.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--enable-logging=stderr", "--v=0"]
STUDENT, REFERENCE = (214, 39, 40), (31, 119, 180)      # svg.py's first two colours
HOSTILE = ('<script>console.log("xss-ran")</script>'
           '<img src=x onerror=console.log("xss-img")>')


def browse(page: Path, profile: Path, *what: str) -> subprocess.CompletedProcess:
    assert CHROMIUM, "chromium is not installed (.ci/run installs it)"
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *what,
                           page.as_uri()], capture_output=True, text=True, timeout=180)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    """The report of Eve's example whose relu raises an error carrying HTML."""
    folder = tmp_path_factory.mktemp("browser")
    code = (EXAMPLES / "eve_bias_after_activation.py").read_text()
    code = code.replace("def relu(x):\n", f"def relu(x):\n    raise ValueError({HOSTILE!r})\n", 1)
    assert HOSTILE in code
    (folder / "eve.py").write_text(code)
    done = run_cli("grade", folder / "eve.py", "--results", folder / "out" / "results.json")
    assert done.returncode == 0, done.stderr
    return folder / "out" / "feedback.html"


def console(stderr: str) -> list[str]:
    return re.findall(r":CONSOLE[^\]]*\] (.*)", stderr)


def test_the_report_renders_with_no_console_message_and_student_text_stays_text(report,
                                                                               tmp_path):
    done = browse(report, tmp_path / "profile", "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert "<h1>" in dom and "Checks that did not pass" in dom
    assert console(done.stderr) == []
    assert "<script" not in dom and "<img" not in dom
    assert "&lt;script&gt;console.log(\"xss-ran\")&lt;/script&gt;" in dom


def test_the_loss_chart_is_drawn_with_the_students_and_the_references_curves(tmp_path):
    """Diana's example: her loss climbs (solid, red) while the reference's falls (dashed,
    blue); both must reach the screen, not only the markup."""
    from PIL import Image

    done = run_cli("grade", EXAMPLES / "diana_gradient_sign.ipynb", "--results",
                   tmp_path / "out" / "results.json")
    assert done.returncode == 0, done.stderr
    page, shot = tmp_path / "out" / "feedback.html", tmp_path / "report.png"
    done = browse(page, tmp_path / "profile", f"--screenshot={shot}",
                  "--window-size=1000,3600", "--hide-scrollbars")
    assert done.returncode == 0 and shot.exists(), done.stderr[-2000:]
    assert console(done.stderr) == []
    with Image.open(shot) as image:
        pixels = list(image.convert("RGB").get_flattened_data())

    def near(colour):
        return sum(all(abs(a - b) < 40 for a, b in zip(p, colour)) for p in pixels)

    assert near(STUDENT) > 1000 and near(REFERENCE) > 200
    loss = re.search(r"<svg[^>]*>\s*<title>Training loss[^<]*</title>.*?</svg>",
                     page.read_text(), re.S)
    assert loss, "no loss chart in the report"
    assert 'stroke="#d62728"' in loss[0] and 'stroke="#1f77b4"' in loss[0]
    assert "your train()" in loss[0] and "the reference" in loss[0]


def test_the_docs_show_a_screenshot_of_a_bundled_examples_report():
    shot = Path(__file__).resolve().parent.parent / "docs" / "feedback-report.png"
    from PIL import Image

    with Image.open(shot) as image:
        assert image.format == "PNG" and image.width >= 800 and image.height >= 800
