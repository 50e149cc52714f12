"""A term with nbgrader's exchange, end to end, as docs/nbgrader.md runs it: a due date and the
course's late policy, an extension, release, fetch and submit by students who know the exchange
only from their own configuration file, collect, autograde, a regrade of one student,
feedback released and fetched (the kit's report inside nbgrader's page), nbgrader's export, and
`autograder export` of those grades to Canvas and Moodle.

Three students: ada hands in the reference on time (with an extension), bob a sum instead of a
mean on time (with an extension), then mends it and is regraded, and loses 2 points of part 4 by
the instructor's hand; carol hands in the reference two days late (10% a day: 20% off).
"""

import csv
import html
import json
import os
import shutil
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import REPO, SOURCE, frames, run_cli
from test_nbgrader import edited, variant

BIN = Path(sys.executable).parent
COURSE = "nn_intro_course"


def nbgrader(*args, cwd, home=None):
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}",
               AUTOGRADER_CALL_SECONDS="2", AUTOGRADER_SEED="4242")
    if home is not None:                  # a student: their own home, their own config
        env.update(HOME=str(home), JUPYTER_CONFIG_DIR=str(home / ".jupyter"))
    done = subprocess.run([str(BIN / "nbgrader"), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def extension(course: Path, student: str, days: int) -> None:
    """What docs/nbgrader.md says to run for an extension (nbgrader has no command for it)."""
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", COURSE) as gradebook:
        gradebook.update_or_create_student(student)
        gradebook.update_or_create_submission("nn_intro", student,
                                              extension=timedelta(days=days))


@pytest.fixture(scope="module")
def term(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("term")
    course, exchange = root / "course", root / "exchange"
    shutil.copytree(REPO / "solutions", course / "solutions")
    exchange.mkdir()
    exchange.chmod(0o777)
    (course / "nbgrader_config.py").write_text(
        (REPO / "nbgrader_config.py").read_text()
        + f"\nc.Exchange.root = {str(exchange)!r}\n"
        + 'c.AssignLatePenalties.plugin_class = "autograder.nbgrading.LatePenalty"\n')
    due = datetime.now(timezone.utc) - timedelta(days=1, hours=12)
    nbgrader("generate_assignment", "nn_intro", "--force", cwd=course)
    nbgrader("db", "assignment", "add", "nn_intro",
             f"--duedate={due:%Y-%m-%d %H:%M:%S} UTC", cwd=course)
    nbgrader("release_assignment", "nn_intro", cwd=course)
    for student in ("ada", "bob"):
        extension(course, student, days=3)
    source = json.loads(SOURCE.read_text())
    handed_in = {"ada": source, "bob": edited(source, *variant("mse_sum_not_mean")),
                 "carol": source}
    for student, notebook in handed_in.items():
        home = root / "home" / student
        (home / ".jupyter").mkdir(parents=True)
        (home / ".jupyter" / "nbgrader_config.py").write_text(
            f"c = get_config()\nc.Exchange.root = {str(exchange)!r}\n"
            f"c.CourseDirectory.course_id = {COURSE!r}\n")
        nbgrader("fetch_assignment", "nn_intro", cwd=home, home=home)
        (home / "nn_intro" / "nn_intro.ipynb").write_text(json.dumps(notebook))
        nbgrader("submit", "nn_intro", f"--student={student}", cwd=home, home=home)
    nbgrader("collect", "nn_intro", cwd=course)
    nbgrader("autograde", "nn_intro", cwd=course)
    # bob mends his loss and hands in again: a regrade of him alone
    (root / "home" / "bob" / "nn_intro" / "nn_intro.ipynb").write_text(json.dumps(source))
    nbgrader("submit", "nn_intro", "--student=bob", cwd=root / "home" / "bob",
             home=root / "home" / "bob")
    nbgrader("collect", "nn_intro", "--update", "--student=bob", cwd=course)
    nbgrader("autograde", "nn_intro", "--student=bob", "--force", cwd=course)
    nbgrader("generate_feedback", "nn_intro", cwd=course)
    nbgrader("release_feedback", "nn_intro", cwd=course)
    for student in handed_in:
        home = root / "home" / student
        nbgrader("fetch_feedback", "nn_intro", f"--student={student}", cwd=home, home=home)
    # the instructor takes 2 points of bob's part 4 by hand, as docs/nbgrader.md says
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", COURSE) as gradebook:
        grade = gradebook.find_grade("test_part4", "nn_intro", "nn_intro", "bob")
        grade.manual_score = 8
        gradebook.db.commit()
    nbgrader("export", "--to", "grades.csv", cwd=course)
    return root


def exported(term: Path) -> dict[str, dict]:
    with open(term / "course" / "grades.csv", newline="") as f:
        return {r["student_id"]: r for r in csv.DictReader(f) if r["assignment"] == "nn_intro"}


def test_the_late_policy_and_the_extensions_decide_the_penalty(term):
    grades = exported(term)
    assert {s: float(r["raw_score"]) for s, r in grades.items()} == {
        "ada": 100, "bob": 98, "carol": 100}          # bob: his regrade, less 2 by hand
    assert {s: float(r["late_submission_penalty"]) for s, r in grades.items()} == {
        "ada": 0, "bob": 0, "carol": 20}
    assert {s: float(r["score"]) for s, r in grades.items()} == {"ada": 100, "bob": 98,
                                                                 "carol": 80}


def test_each_student_fetches_nbgraders_page_with_the_kits_report_inside(term):
    for student in ("ada", "bob", "carol"):
        [page] = (term / "home" / student / "nn_intro" / "feedback").glob("*/nn_intro.html")
        [frame] = frames(page.read_text())
        report = frame["srcdoc"]
        assert "100 / 100 points." in report and "<svg" in report and frame["sandbox"] == ""
    # bob's fetched feedback is his regrade's: the mended loss, no sum left
    [bob] = (term / "home" / "bob" / "nn_intro" / "feedback").glob("*/nn_intro.html")
    assert "returned 2, expected 0.5" not in html.unescape(bob.read_text())


def test_the_students_own_pytest_report_never_mixes_with_nbgraders_feedback(term):
    folder = term / "home" / "ada" / "nn_intro"
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
                          cwd=folder, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:]
    assert (folder / "pytest-report" / "feedback.html").is_file()
    assert all(p.name != "feedback.md" for p in (folder / "feedback").rglob("*"))


@pytest.mark.parametrize("lms", ["canvas", "moodle"])
def test_the_terms_grades_go_to_the_lms(term, lms, tmp_path):
    if lms == "canvas":
        roster = ("Student,ID,SIS User ID,SIS Login ID,Section,nn_intro (77)\n"
                  "    Points Possible,,,,,100\n"
                  '"Lovelace, Ada",1,S1,ada,CV,\n"Boole, Bob",2,S2,bob,CV,\n'
                  '"Carol, C",3,S3,carol,CV,\n"Dodgson, Dan",4,S4,dan,CV,\n')
    else:
        roster = ("First name,Last name,ID number,Username,Email address\n"
                  "Ada,Lovelace,S1,ada,a@x\nBob,Boole,S2,bob,b@x\nCarol,C,S3,carol,c@x\n"
                  "Dan,Dodgson,S4,dan,d@x\n")
    (tmp_path / "roster.csv").write_text(roster)
    out = tmp_path / f"{lms}.csv"
    extra = ["--key", "Username"] if lms == "moodle" else []
    done = run_cli("export", term / "course" / "grades.csv", "--to", lms, "--roster",
                   tmp_path / "roster.csv", "--out", out, "--column", "nn_intro", *extra)
    assert done.returncode == 0, done.stderr
    with open(out, newline="") as f:
        rows = list(csv.DictReader(f))
    key, column = (("SIS Login ID", "nn_intro (77)") if lms == "canvas"
                   else ("Username", "nn_intro"))
    got = {r[key]: r[column] for r in rows if r.get(key) in ("ada", "bob", "carol", "dan")}
    assert {k: float(v) for k, v in got.items() if v} == {"ada": 100, "bob": 98, "carol": 80}
    assert "1 in the roster, with no grade here" in done.stdout      # Dan: said
    assert "dan" in done.stdout.split("with no grade here:")[1].lower()
