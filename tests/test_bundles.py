"""The CI bundles: Gradescope's autograder zip and GitHub Classroom's workflow, run as CI runs them."""

import json
import shlex
import shutil
import zipfile

import pytest
import yaml
from conftest import CHECKS, EXAMPLES, RELEASE, SOURCE, number, run_cli


@pytest.fixture(scope="module")
def gradescope_zip(tmp_path_factory):
    out = tmp_path_factory.mktemp("gradescope") / "bundle.zip"
    done = run_cli("bundle", "gradescope", "--out", out, "--seed", "31")
    assert done.returncode == 0, done.stderr
    return out


def test_the_gradescope_bundle_holds_what_gradescope_runs(gradescope_zip):
    with zipfile.ZipFile(gradescope_zip) as bundle:
        names = set(bundle.namelist())
        assert {"setup.sh", "run_autograder", "reference/nn_intro.ipynb"} <= names
        for script in ("setup.sh", "run_autograder"):
            assert bundle.getinfo(script).external_attr >> 16 & 0o111     # executable
        run = bundle.read("run_autograder").decode()
        assert bundle.read("reference/nn_intro.ipynb") == SOURCE.read_bytes()
        assert bundle.read("reference/misconceptions.py") == \
            (SOURCE.parent / "misconceptions.py").read_bytes()
    assert "--seed 31" in run and "/autograder/results/results.json" in run
    [wheel] = [n for n in names if n.endswith(".whl")]
    assert wheel in bundle_text(gradescope_zip, "setup.sh")


def bundle_text(path, name):
    with zipfile.ZipFile(path) as bundle:
        return bundle.read(name).decode()


def test_the_wheel_carries_the_grader_and_nothing_of_the_solution(gradescope_zip, tmp_path):
    with zipfile.ZipFile(gradescope_zip) as bundle:
        [wheel] = [n for n in bundle.namelist() if n.endswith(".whl")]
        bundle.extract(wheel, tmp_path)
    with zipfile.ZipFile(tmp_path / wheel) as package:
        names = package.namelist()
        assert "autograder/sandbox/worker.py" in names and "autograder/grading/checks/base.py" in names
        assert {f"coursework/{a}/checks/registry.py" for a in ("nn_intro", "mlp")} <= set(names)
        assert "autograder/grading/checks/backprop.py" not in names      # moved: no stale build files
        assert not [n for n in names if "solutions" in n or n.endswith(".ipynb")]
        for name in names:
            if name.startswith("autograder/instructor/templates/"):    # `autograder new`'s example:
                continue                                   # double(x), no course's solution
            assert b"BEGIN SOLUTION" not in package.read(name), name
        template = [n for n in names if n.startswith("autograder/instructor/templates/")]
        assert template and all(b"BEGIN SOLUTION" not in package.read(n)
                                or package.read(n).count(b"\n") < 8 for n in template)


def test_run_autograder_grades_a_gradescope_submission_folder(gradescope_zip, tmp_path):
    """run_autograder's command, with /autograder/ moved under a temporary folder."""
    root = tmp_path / "autograder"
    with zipfile.ZipFile(gradescope_zip) as bundle:
        bundle.extractall(root / "source")
    (root / "submission").mkdir()
    (root / "results").mkdir()
    shutil.copy(EXAMPLES / "diana_gradient_sign.ipynb", root / "submission" / "nn_intro.ipynb")
    command = shlex.split(bundle_text(gradescope_zip, "run_autograder").split("exec ", 1)[1]
                          .replace("\\\n", " ").replace("/autograder/", f"{root}/"))
    assert command[0].endswith("/venv/bin/autograder")
    done = run_cli(*command[1:])
    assert done.returncode == 0, done.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    assert results["score"] == 75
    hidden = [t for t in results["tests"] if "hidden" in t["tags"]]
    assert hidden and {t["visibility"] for t in hidden} == {"after_published"}


def test_an_empty_submission_folder_gets_zero_with_a_reason(tmp_path):
    (tmp_path / "submission").mkdir()
    results = tmp_path / "results.json"
    done = run_cli("grade", tmp_path / "submission", "--results", results)
    assert done.returncode == 0
    data = json.loads(results.read_text())
    assert data["score"] == 0 and "no nn_intro.ipynb" in data["output"]


def test_the_classroom_workflow_has_one_test_per_public_check_with_its_points(tmp_path):
    done = run_cli("bundle", "github", "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    workflow = yaml.safe_load((tmp_path / ".github" / "workflows" / "classroom.yml").read_text())
    steps = workflow["jobs"]["run-autograding-tests"]["steps"]
    graders = [s for s in steps if s.get("uses", "").startswith(
        "classroom-resources/autograding-command-grader")]
    public = [c for c in CHECKS if not c.hidden]
    assert [g["with"]["command"].split()[-1] for g in graders] == [number(c) for c in public]
    assert [g["with"]["max-score"] for g in graders] == [c.points for c in public]
    [reporter] = [s for s in steps if "grading-reporter" in s.get("uses", "")]
    assert reporter["with"]["runners"].split(",") == [g["id"] for g in graders]
    assert set(reporter["env"]) == {g["id"].upper() + "_RESULTS" for g in graders}
    [install] = [s for s in steps if s.get("name") == "Install the grader"]
    assert (tmp_path / install["run"].split()[-1]).is_file()


@pytest.mark.parametrize("notebook, passes", [(SOURCE, True), (RELEASE, False)])
def test_the_classroom_commands_pass_exactly_when_the_check_passes(notebook, passes, tmp_path):
    repo = tmp_path / "student-repo"
    repo.mkdir()
    shutil.copy(notebook, repo / "nn_intro.ipynb")
    done = run_cli("grade", ".", "--results", "results.json", "--public-only", cwd=repo)
    assert done.returncode == 0, done.stderr
    for check in (c for c in CHECKS if not c.hidden):
        verdict = run_cli("passed", "results.json", number(check), cwd=repo)
        assert verdict.returncode == (0 if passes else 1), (number(check), verdict.stdout)


def test_a_committed_grading_never_stands_for_a_grading_that_did_not_happen(tmp_path):
    """A student commits a grading.json and a results.json where every check passed; the
    grading then fails before writing (no reference on this machine): `passed` finds nothing to
    read, never the forged files."""
    repo = tmp_path / "student-repo"
    repo.mkdir()
    shutil.copy(SOURCE, repo / "nn_intro.ipynb")
    assert run_cli("grade", ".", "--results", "results.json", "--public-only",
                   cwd=repo).returncode == 0
    forged = {name: (repo / name).read_text() for name in ("grading.json", "results.json")}
    shutil.copy(RELEASE, repo / "nn_intro.ipynb")
    for name, text in forged.items():
        (repo / name).write_text(text)
    failed = run_cli("grade", ".", "--results", "results.json", "--reference",
                     tmp_path / "absent.ipynb", cwd=repo)
    assert failed.returncode == 3
    verdict = run_cli("passed", "results.json", "1.1", cwd=repo)
    assert verdict.returncode == 2 and not (repo / "grading.json").exists()


def test_a_folder_where_the_grading_goes_costs_the_verdicts_never_the_results(tmp_path):
    """A student commits a folder named grading.json: results.json is still written, the
    reason is said, and `passed` finds no grading to read (no check passes by it)."""
    repo = tmp_path / "student-repo"
    (repo / "grading.json").mkdir(parents=True)
    shutil.copy(SOURCE, repo / "nn_intro.ipynb")
    done = run_cli("grade", ".", "--results", "results.json", "--public-only", cwd=repo)
    assert done.returncode == 0 and "could not be stored" in done.stderr
    assert json.loads((repo / "results.json").read_text())["score"] > 0
    assert run_cli("passed", "results.json", "1.1", cwd=repo).returncode == 2
