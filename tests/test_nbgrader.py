"""nbgrader end to end, in a scratch course: release, fetch, submit, collect, autograde,
generate_feedback, export — and the same points as the kit's own grader, part by part.

The course is the repository's `nbgrader_config.py` plus a private exchange folder. Students
fetch into their own folders and submit under their own ids (`--student`, since every test
process here is the same OS user).
"""

import csv
import html
import json
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PARTS, RELEASE, REPO, SOURCE, frames, part_points, part_scores, run_cli
from corpus.mistakes import WRONG

COURSE = "nn_intro_course"
BIN = Path(sys.executable).parent
CALL_SECONDS = {"AUTOGRADER_CALL_SECONDS": "2"}    # frank's endless loop costs 2 x 2 s, not 2 x 10 s


def nbgrader(*args, cwd):
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}", **CALL_SECONDS)
    done = subprocess.run([str(BIN / "nbgrader"), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def edited(notebook: dict, *edits) -> dict:
    """The notebook with each (old, new) applied to the one code cell holding `old`."""
    notebook = json.loads(json.dumps(notebook))
    for old, new in edits:
        holders = [c for c in notebook["cells"] if old in "".join(c["source"])]
        assert len(holders) == 1, old
        holders[0]["source"] = "".join(holders[0]["source"]).replace(old, new)
    return notebook


def variant(name: str):
    [found] = [v for v in WRONG if v.name == name]
    return found.edits


def grading_cell(notebook: dict, part: int) -> dict:
    [cell] = [c for c in notebook["cells"]
              if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == f"test_part{part}"]
    return cell


MALLORY = """\
import ctypes, json, os, socket, time
try:                                   # copy the reference's answers
    for cell in json.load(open({reference!r}))["cells"]:
        if cell["cell_type"] == "code" and "grade_part" not in "".join(cell["source"]):
            exec("".join(cell["source"]), globals())
except Exception as error:
    print("no reference:", error)
try:                                   # tell the host
    socket.create_connection(("127.0.0.1", {port}), timeout=2).sendall(b"mallory was here")
except Exception as error:
    print("no network:", error)
if "STAYED" not in globals() and os.fork() == 0:     # stay behind
    ctypes.CDLL(None).prctl(15, b"mallory_stays", 0, 0, 0)
    time.sleep(60)
    os._exit(0)
STAYED = True
"""


def students(release: dict, source: dict, reference: Path, port: int) -> dict[str, dict]:
    """What each fake student hands in: the release notebook as they left it."""
    mallory = json.loads(json.dumps(release))
    cheat = {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
             "source": MALLORY.format(reference=str(reference), port=port)}
    for at in reversed([i for i, c in enumerate(mallory["cells"])    # before each test cell
                        if c.get("metadata", {}).get("nbgrader", {}).get("grade")
                        and not c["metadata"]["nbgrader"].get("solution")]):
        mallory["cells"].insert(at, dict(cheat))
    hank = edited(source, *variant("neuron_bias_after_activation"))
    grading_cell(hank, 1)["source"] = "part1 = 10   # full marks, surely\npart1"
    # Correct notebooks whose test cells were changed as Jupyter lets a student change them.
    ida, jack, kim, liz = (json.loads(json.dumps(source)) for _ in range(4))
    ida["cells"].remove(grading_cell(ida, 3))                            # deleted
    jack["cells"].remove(moved := grading_cell(jack, 2))                 # moved to the end
    jack["cells"].append(moved)
    at = kim["cells"].index(grading_cell(kim, 1))                        # copied and pasted
    kim["cells"].insert(at + 1, json.loads(json.dumps(kim["cells"][at])))
    grading_cell(liz, 4)["metadata"]["nbgrader"]["grade_id"] = "my_part4"   # id edited
    return {
        "ada": source,                                                   # the reference
        "blank": release,                                                # untouched
        "bob": edited(source, *variant("sigmoid_derivative_of_the_output")),
        "charlie": edited(source, *variant("mse_sum_not_mean")),
        "diana": edited(source, *variant("bp_sign_of_d_L_d_ypred")),
        "eve": edited(source, ("def tanh_derivative(x):", "def tanh_deriv(x):"),
                      ("def relu(x):\n", "def relu(x):\n    raise ValueError('my own bug')\n")),
        "frank": edited(source, ("def relu(x):\n", "def relu(x):\n    while True: pass\n")),
        "hank": hank,                                                    # edited a locked cell
        "ida": ida, "jack": jack, "kim": kim, "liz": liz,
        "mallory": mallory,           # the release, plus reading the reference, the network
    }


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("course")
    shutil.copytree(REPO / "solutions", root / "solutions")
    exchange = root / "exchange"
    exchange.mkdir()
    exchange.chmod(0o777)
    (root / "nbgrader_config.py").write_text(
        (REPO / "nbgrader_config.py").read_text() + f"\nc.Exchange.root = {str(exchange)!r}\n")
    nbgrader("generate_assignment", "nn_intro", "--force", cwd=root)
    nbgrader("release_assignment", "nn_intro", cwd=root)
    release = json.loads((root / "assignments" / "nn_intro" / "nn_intro.ipynb").read_text())
    source = json.loads(SOURCE.read_text())
    fetch = ("--course", COURSE, f"--Exchange.root={exchange}")
    (root / "home" / "fetched").mkdir(parents=True)
    nbgrader("fetch_assignment", "nn_intro", *fetch, cwd=root / "home" / "fetched")
    listener = socket.create_server(("127.0.0.1", 0))       # what mallory tries to reach
    listener.setblocking(False)
    reference = root / "solutions" / "nn_intro" / "nn_intro.ipynb"
    for student, notebook in students(release, source, reference,
                                      listener.getsockname()[1]).items():
        home = root / "home" / student      # every student fetched the same release
        shutil.copytree(root / "home" / "fetched", home)
        (home / "nn_intro" / "nn_intro.ipynb").write_text(json.dumps(notebook))
        nbgrader("submit", "nn_intro", *fetch, f"--student={student}", cwd=home)
    nbgrader("collect", "nn_intro", cwd=root)
    nbgrader("autograde", "nn_intro", cwd=root)
    (root / "left-behind").write_text(" ".join(_left_behind()))
    try:
        listener.accept()
        (root / "reached").write_text("a graded notebook connected to the host")
    except BlockingIOError:
        pass
    listener.close()
    nbgrader("generate_feedback", "nn_intro", cwd=root)
    _second_assignment(root, fetch)
    nbgrader("export", "--to", "grades.csv", cwd=root)
    return root


def _left_behind() -> list[str]:
    found = []
    for comm in Path("/proc").glob("[0-9]*/comm"):
        try:
            if comm.read_text().strip() == "mallory_stays":
                found.append(comm.parent.name)
        except OSError:
            pass
    return found


MLP_SOURCE = REPO / "solutions" / "mlp" / "mlp.ipynb"
MLP_STUDENTS = ["ada", "blank", "diana"]


def _second_assignment(root: Path, fetch) -> None:
    """mlp in the same course: three of the students hand it in too."""
    nbgrader("generate_assignment", "mlp", "--force", cwd=root)
    nbgrader("release_assignment", "mlp", cwd=root)
    release = json.loads((root / "assignments" / "mlp" / "mlp.ipynb").read_text())
    source = json.loads(MLP_SOURCE.read_text())
    handed_in = {"ada": source, "blank": release,
                 "diana": edited(source, ("d_L_d_A = -2 * (Y - A[-1]) / Y.size",
                                          "d_L_d_A = -2 * (Y - A[-1])"))}
    for student, notebook in handed_in.items():
        home = root / "home" / student
        nbgrader("fetch_assignment", "mlp", *fetch, cwd=home)
        (home / "mlp" / "mlp.ipynb").write_text(json.dumps(notebook))
        nbgrader("submit", "mlp", *fetch, f"--student={student}", cwd=home)
    nbgrader("collect", "mlp", cwd=root)
    nbgrader("autograde", "mlp", cwd=root)
    nbgrader("generate_feedback", "mlp", cwd=root)


def nbgrader_cells(course: Path, student: str, assignment: str = "nn_intro") -> dict[int, float]:
    """nbgrader's points per test cell (one per part), from its SQLite gradebook."""
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        notebook = gradebook.find_submission_notebook(assignment, assignment, student)
        return {int(g.name.split("test_part")[1]): g.score for g in notebook.grades
                if "test_part" in g.name}


@pytest.fixture(scope="module")
def kit(course, tmp_path_factory) -> Path:
    """The kit's own batch grading of nbgrader's submitted/ folder."""
    out = tmp_path_factory.mktemp("kit")
    done = run_cli("grade-all", course / "submitted", "--out", out, "--assignment", "nn_intro",
                   env=dict(os.environ, **CALL_SECONDS))
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def kit_mlp(course, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("kit_mlp")
    done = run_cli("grade-all", course / "submitted", "--out", out, "--assignment", "mlp",
                   env=dict(os.environ, **CALL_SECONDS))
    assert done.returncode == 0, done.stderr
    return out


@pytest.mark.parametrize("student", MLP_STUDENTS)
def test_nbgrader_gives_each_mlp_part_the_kits_points_in_the_same_course(course, kit_mlp,
                                                                         student):
    kit_parts = {p: got for p, (got, _) in part_scores(kit_results(kit_mlp, student)).items()}
    assert nbgrader_cells(course, student, "mlp") == kit_parts
    assert sum(kit_parts.values()) == {"ada": 100, "blank": 0, "diana": 70}[student]


def kit_results(kit: Path, student: str) -> dict:
    return json.loads((kit / student / "results.json").read_text())


STUDENTS = ["ada", "blank", "bob", "charlie", "diana", "eve", "frank", "hank", "ida", "jack",
            "kim", "liz", "mallory"]


@pytest.mark.parametrize("student", STUDENTS)
def test_nbgrader_gives_each_part_the_kits_points(course, kit, student):
    kit_parts = {p: got for p, (got, _) in part_scores(kit_results(kit, student)).items()}
    assert nbgrader_cells(course, student) == kit_parts


def test_the_reference_gets_full_marks_and_the_release_zero(course):
    assert nbgrader_cells(course, "ada") == {p: part_points(p) for p in PARTS}
    assert set(nbgrader_cells(course, "blank").values()) == {0}


def test_mistakes_cost_only_their_parts_under_nbgrader(course):
    full = {p: part_points(p) for p in PARTS}
    lost = {s: {p for p, v in nbgrader_cells(course, s).items() if v < full[p]}
            for s in ("bob", "charlie", "eve", "frank", "hank")}
    assert lost == {"bob": {2}, "charlie": {4}, "eve": {2}, "frank": {2}, "hank": {1}}


def test_the_exported_gradebook_matches_grade_all_over_the_submitted_folder(course, kit):
    with open(course / "grades.csv", newline="") as f:
        exported = {r["student_id"]: float(r["score"]) for r in csv.DictReader(f)
                    if r["assignment"] == "nn_intro"}
    with open(kit / "gradebook.csv", newline="") as f:
        kit = {r["student"]: float(r["total"]) for r in csv.DictReader(f)}
    assert exported == kit and set(kit) == set(STUDENTS)


@pytest.mark.parametrize("student", ["charlie", "eve"])
def test_feedback_html_shows_the_same_messages_as_the_kit(course, kit, student):
    page = html.unescape((course / "feedback" / student / "nn_intro" / "nn_intro.html").read_text())
    failed = [t for t in kit_results(kit, student)["tests"] if t["score"] < t["max_score"]]
    assert failed
    for test in failed:
        message = re.search(r"^(`{3,})\n(.*?)\n\1$", test["output"], re.S | re.M)[2]
        for line in message.splitlines():            # the check's own words, as results.json
            assert line in page, line
    # the kit's own report rides at the top of nbgrader's page, in a frame that runs nothing
    raw = (course / "feedback" / student / "nn_intro" / "nn_intro.html").read_text()
    [frame] = frames(raw)
    assert frame["sandbox"] == "" and raw.index("<iframe") < raw.index("grade_part")
    report = frame["srcdoc"]
    assert report.startswith("<!DOCTYPE html>")
    assert all(t["name"] in html.unescape(report) for t in failed)     # every failed check
    assert "<svg" in report and "<script" not in report


def test_a_notebook_autograded_by_nbgrader_cannot_read_the_reference_reach_the_host_or_stay(
        course):
    """mallory's notebook is the release plus a cell that copies the reference's functions,
    connects to a port on the host and forks a process that would outlive the grading. Run
    in a kernel as the instructor, it scored full marks; behind the kit's walls, nothing."""
    assert set(nbgrader_cells(course, "mallory").values()) == {0}
    assert not (course / "reached").exists()
    assert (course / "left-behind").read_text() == ""
    autograded = (course / "autograded" / "mallory" / "nn_intro" / "nn_intro.ipynb").read_text()
    assert "Not graded" not in autograded and "FAIL [1.1]" in autograded


@pytest.mark.parametrize("student", ["ida", "jack", "kim", "liz"])
def test_test_cells_deleted_moved_copied_or_renamed_cost_a_correct_notebook_nothing(course,
                                                                                   student):
    """Whatever a student did to the test cells in Jupyter, every part's test cell is graded
    once, and the run goes on to the students after them (mallory's row exists)."""
    assert nbgrader_cells(course, student) == {p: part_points(p) for p in PARTS}
    assert nbgrader_cells(course, "mallory")


def test_an_edited_locked_cell_is_restored_by_nbgrader(course):
    autograded = json.loads((course / "autograded" / "hank" / "nn_intro" / "nn_intro.ipynb").read_text())
    assert "full marks, surely" not in "".join(grading_cell(autograded, 1)["source"])


def test_the_release_holds_no_solution_and_no_hidden_test(course):
    text = (course / "assignments" / "nn_intro" / "nn_intro.ipynb").read_text()
    for marker in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "run_hidden"):
        assert marker not in text
    made = json.loads((course / "assignments" / "nn_intro" / "nn_intro.ipynb").read_text())
    assert made["cells"] == json.loads(RELEASE.read_text())["cells"]


def test_a_test_cells_checks_end_before_nbgraders_cell_timeout():
    """The last call may start just inside the budget and run its full limit."""
    from autograder.notebook import CELL_BUDGET
    from autograder.sandbox.walls import Limits
    config = (REPO / "nbgrader_config.py").read_text()
    timeout = int(re.search(r"^c\.Execute\.timeout = (\d+)$", config, re.M).group(1))
    assert CELL_BUDGET + Limits().call_seconds < timeout


def _test_cell(source: str, grade_id: str) -> dict:
    import nbformat
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": grade_id,
                                 "points": 10, "locked": True, "schema_version": 3}
    return cell


def test_the_assignment_graded_is_nbgraders_not_one_a_student_cell_names():
    """A student who adds a test cell naming another assignment (whose solution they have)
    must not be graded as that assignment."""
    import nbformat

    from autograder.nbgrading import assignment_for
    fake = _test_cell('grade_part("mlp", 1, globals())', "mine")
    real = _test_cell('grade_part("nn_intro", 1, globals())', "test_part1")
    nb = nbformat.v4.new_notebook(cells=[fake, real])
    assert assignment_for(nb, "nn_intro").name == "nn_intro"
    with pytest.raises(LookupError, match="several assignments"):
        assignment_for(nb, "week3")                      # nbgrader's id names no assignment
    only = nbformat.v4.new_notebook(cells=[real])
    assert assignment_for(only, "week3").name == "nn_intro"


def test_a_test_cells_text_shows_a_submissions_control_characters_as_escapes():
    from autograder.grading.results import FAILED, CheckResult
    from autograder.notebook import check_lines
    r = CheckResult(id="x", number="1.1", part=1, title="t", visibility="public", max_score=2,
                    score=0, status=FAILED, message="relu(1) raised ValueError: \x1b[2J\x1b[32mPASS")
    text = "\n".join(check_lines(r))
    assert "\x1b" not in text and "\\x1b[2J" in text


def finished_release() -> dict:
    """The release with every solution cell as the reference writes it: what a student who
    finished hands in."""
    release, source = json.loads(RELEASE.read_text()), json.loads(SOURCE.read_text())
    solutions = {c["metadata"]["nbgrader"]["grade_id"]: c["source"] for c in source["cells"]
                 if c["metadata"].get("nbgrader", {}).get("solution")}
    for cell in release["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("solution"):
            cell["source"] = solutions[cell["metadata"]["nbgrader"]["grade_id"]]
    return release


def test_nbgrader_validate_passes_a_finished_notebook_and_fails_on_a_failing_public_check(
        tmp_path):
    """Jupyter's Validate button (`nbgrader validate`): in a kernel, a test cell's value was
    only its public checks' points, which nbgrader took for partial credit ("VALIDATION FAILED
    ON 6 CELL(S)" on a notebook that grades 100)."""
    finished = finished_release()
    wrong = edited(finished, *variant("mse_sum_not_mean"))
    outcomes = {}
    for name, notebook in (("finished", finished), ("wrong", wrong),
                           ("release", json.loads(RELEASE.read_text()))):
        (tmp_path / name).mkdir()
        (tmp_path / name / "nn_intro.ipynb").write_text(json.dumps(notebook))
        env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}")
        outcomes[name] = subprocess.run([str(BIN / "nbgrader"), "validate", "nn_intro.ipynb"],
                                        cwd=tmp_path / name, env=env, capture_output=True,
                                        text=True, timeout=300).stdout
    assert "Success! Your notebook passes all the tests." in outcomes["finished"]
    assert "VALIDATION FAILED ON 1 CELL(S)" in outcomes["wrong"]
    assert "checks 4.1, 4.4 of part 4 did not pass" in outcomes["wrong"]
    assert "VALIDATION FAILED" in outcomes["release"]
