"""`autograder validate`: the grader's check of itself fails loudly when a check or a
catalogued misconception stops doing its job."""

import shutil
import subprocess
import sys

from conftest import CATALOGUE_PATH, RELEASE, REPO, SOURCE, run_cli

from autograder.grading.misconceptions import equivalent_mutants
from autograder.instructor import mutation

BROKEN_CATALOGUE = '''
from autograder.grading.misconceptions import misconception as m

def entry(id, part, edits):
    return m(id, part, id.replace("_", " "), likely="They did it.", lecture=f"Part {part}, x",
             hint="Look again.", edits=edits)

MSE = "return float(((y_true - y_pred) ** 2).mean())"
SUM = "return float(((y_true - y_pred) ** 2).sum())"
CATALOGUE = [
    entry("good_sum", 4, [(MSE, SUM)]),
    entry("same_as_good_sum", 4, [(MSE, SUM)]),
    entry("not_a_mistake", 2, [("np.asarray(x) > 0, 1.0", "np.asarray(x) >= 0, 1.0")]),
    entry("wrong_part", 5, [(MSE, "return float(np.abs(y_true - y_pred).mean())")]),
    entry("stale_edit", 4, [("return y_true - y_pred", "return 0")]),
]
'''


def test_validate_names_every_entry_that_does_not_do_its_job(tmp_path):
    folder = tmp_path / "ref"
    folder.mkdir()
    shutil.copy(SOURCE, folder / "nn_intro.ipynb")
    (folder / "misconceptions.py").write_text(BROKEN_CATALOGUE)
    done = run_cli("validate", "--no-mutants", "--reference", folder / "nn_intro.ipynb",
                   "--release", RELEASE)
    assert done.returncode == 1, done.stdout + done.stderr
    lines = {line.split(":")[0].strip(): line for line in done.stdout.splitlines()}
    assert lines["ok   nn_intro.ipynb"]
    assert lines["ok   assignments/nn_intro/nn_intro.ipynb"]
    assert lines["ok   part 4 good_sum"]
    # a duplicate is found: the first entry with the same behaviour takes the diagnosis
    assert "no failed check of part 4 is diagnosed as same_as_good_sum" in \
        lines["FAIL part 4 same_as_good_sum"]
    assert "loses no points in part 2" in lines["FAIL part 2 not_a_mistake"]
    assert "loses no points in part 5" in lines["FAIL part 5 wrong_part"]
    assert "do not apply" in lines["FAIL part 4 stale_edit"]
    assert "4 not" in done.stdout.splitlines()[-1]


def test_a_release_that_scores_is_a_failure(tmp_path):
    done = run_cli("validate", "--no-mutants", "--release", SOURCE, "--jobs", "1",
                   "--reference", _reference_without_catalogue(tmp_path))
    assert done.returncode == 1
    assert "FAIL nn_intro.ipynb" not in done.stdout.split("untouched release")[0]
    assert "100 / 100" in done.stdout.split("untouched release")[1]
    assert "FAIL the catalogue: no misconceptions at " in done.stdout


def _reference_without_catalogue(tmp_path):
    folder = tmp_path / "bare"
    folder.mkdir()
    shutil.copy(SOURCE, folder / "nn_intro.ipynb")
    return folder / "nn_intro.ipynb"


def test_the_mutant_runner_passes_the_reference_and_kills_a_mutant(tmp_path, reference_code):
    module = tmp_path / mutation.MODULE
    for code, status in ((reference_code, 0),
                         (reference_code.replace("epochs=1000", "epochs=1001"), 1)):
        module.write_text(code)
        done = subprocess.run([sys.executable, "-m", "autograder.instructor.mutation", "check", module.name,
                               "--reference", SOURCE, "--seed", "2026", "--assignment",
                               "nn_intro"], cwd=tmp_path,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == status, done.stdout + done.stderr
    assert "killed by [6." in done.stdout


JUNIT = """<?xml version="1.0" ?>
<testsuites><testsuite name="mutmut">
<testcase name="Mutant #1" file="m.py" line="2"><system-out>    return a + b</system-out></testcase>
<testcase name="Mutant #2" file="m.py" line="2"><failure type="failure" message="bad_survived">--- m.py
+++ m.py
@@ -1,3 +1,3 @@
 def f(a, b):
-    return a + b
+    return a - b
</failure></testcase>
<testcase name="Mutant #3" file="m.py" line="2"><failure type="failure" message="bad_timeout">x</failure></testcase>
</testsuite></testsuites>"""


def test_mutmuts_report_is_read_mutant_by_mutant():
    mutants = mutation._parse(JUNIT, "def f(a, b):\n    return a + b\n")
    assert [(m.id, m.status) for m in mutants] == [
        ("Mutant #1", "killed"), ("Mutant #2", "survived"), ("Mutant #3", "timeout")]
    assert mutants[1].key == ("return a + b", "return a - b")
    run = mutation.MutationRun(mutants, 0, "")
    assert run.kill_rate(set()) == (2, 3)
    assert run.kill_rate({("return a + b", "return a - b")}) == (2, 2)


def test_survivors_fail_validate_and_declared_equivalents_do_not(monkeypatch, capsys):
    from autograder.instructor import validate
    survivor = mutation.Mutant("Mutant #7", "survived", "x = 1", "x = 2", 3)
    [(before, after)] = list(equivalent_mutants(CATALOGUE_PATH))[:1]
    equivalent = mutation.Mutant("Mutant #8", "survived", before, after, 15)
    killed = mutation.Mutant("Mutant #9", "killed", "y", "", 4)
    monkeypatch.setattr(mutation, "run", lambda *a: mutation.MutationRun(
        [survivor, equivalent, killed], 0, ""))
    report = validate.Report()
    validate._mutation(report, SOURCE, REPO / "build" / "unused", 2026, "nn_intro")
    out = capsys.readouterr().out
    assert "1 of the 2 non-equivalent ones killed" in out and "1 declared equivalent" in out
    assert [f.name for f in report.findings if not f.ok] == ["mutant Mutant #7, line 3",
                                                             "kill rate"]


def test_every_equivalent_mutant_is_of_the_reference_and_justified_in_the_docs(reference_code):
    docs = (REPO / "docs" / "validation.md").read_text()
    declared = equivalent_mutants(CATALOGUE_PATH)
    assert declared
    for (before, after), why in declared.items():
        assert before in reference_code
        assert f"`{after}`" in docs and len(why) > 40


def test_the_docs_table_lists_every_catalogued_misconception():
    from autograder.grading.misconceptions import catalogue
    docs = (REPO / "docs" / "validation.md").read_text()
    rows = {line for line in docs.splitlines() if line.startswith("| ")}
    for entry in catalogue(CATALOGUE_PATH):
        assert f"| {entry.part} | `{entry.id}` | {entry.title} |" in rows, entry.id
