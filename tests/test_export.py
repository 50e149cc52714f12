"""`autograder export`: grades into Canvas's and Moodle's import files, in their documented
columns, matched on the roster's identifiers; nobody missing from either side goes unsaid."""

import csv
import io
from pathlib import Path

import pytest
from conftest import run_cli

GRADEBOOK = """\
student,part1,part2,part3,part4,part5,part6,total,max_score,status,reason
ada,10,20,15,10,25,20,100,100,graded,
bob,10,13,15,10,25,20,93,100,graded,
frank,0,0,0,0,0,0,0,,missing,no submission
mallory,0,0,0,0,0,0,12,100,graded,
"""

CANVAS = """\
Student,ID,SIS User ID,SIS Login ID,Section,nn_intro (1234),Homework 0 (99),Current Score
    Points Possible,,,,,100,10,(read only)
"Lovelace, Ada",101,S001,ADA,CV 2026,,10,
"Boole, Bob",102,S002,bob,CV 2026,,9,
"Frank, F",103,S003,frank,CV 2026,,8,
"=HYPERLINK(""x""), Zed",104,S004,zed,CV 2026,55,7,
"""

MOODLE = """\
First name,Last name,ID number,Username,Email address
Ada,Lovelace,S001,ada,ada@example.org
Bob,Boole,S002,bob,bob@example.org
Zed,Z,S004,zed,zed@example.org
"""


@pytest.fixture
def graded(tmp_path) -> Path:
    folder = tmp_path / "grades"
    folder.mkdir()
    (folder / "gradebook.csv").write_text(GRADEBOOK)
    return folder


def export(tmp_path, *args):
    out = tmp_path / "import.csv"
    done = run_cli("export", *args, "--out", out)
    return done, (list(csv.reader(io.StringIO(out.read_text()))) if out.exists() else None)


def test_canvas_import_keeps_canvas_columns_and_fills_the_assignments_column(tmp_path, graded):
    (tmp_path / "canvas.csv").write_text(CANVAS)
    done, rows = export(tmp_path, graded, "--to", "canvas", "--roster", tmp_path / "canvas.csv")
    assert done.returncode == 0, done.stderr
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section",
                       "nn_intro (1234)"]
    assert rows[1][0].strip() == "Points Possible" and rows[1][5] == "100"
    by_login = {r[3]: r for r in rows[2:]}
    assert by_login["ADA"][5] == "100"                    # matched regardless of case
    assert by_login["bob"][5] == "93"
    assert by_login["frank"][5] == ""                     # no submission: left empty
    assert by_login["zed"][5] == "55"                     # not graded here: left as Canvas has it
    assert by_login["zed"][0].startswith("'=")            # a formula stays text
    said = done.stdout
    assert "3 students matched" in said
    assert "graded here, not in the roster:\n  mallory" in said
    assert "in the roster, with no grade here:\n  =HYPERLINK" in said
    assert "not graded (missing or failed):\n  Frank, F" in said


def test_canvas_scaled_to_the_lms_points_and_matched_on_sis_id(tmp_path, graded):
    roster = CANVAS.replace(",ADA,", ",ada,").replace("S002", "bob")
    (tmp_path / "canvas.csv").write_text(roster)
    done, rows = export(tmp_path, graded, "--to", "canvas", "--roster", tmp_path / "canvas.csv",
                        "--match", "sis", "--points", "10")
    assert done.returncode == 0, done.stderr
    assert rows[1][5] == "10"
    assert {r[2]: r[5] for r in rows[2:]}["bob"] == "9.3"
    assert "1 students matched" in done.stdout          # only bob's SIS User ID is his name


def test_moodle_import_has_the_identifier_and_the_grade_item(tmp_path, graded):
    (tmp_path / "moodle.csv").write_text(MOODLE)
    done, rows = export(tmp_path, graded, "--to", "moodle", "--roster", tmp_path / "moodle.csv",
                        "--key", "Username", "--column", "Lab 1: nn_intro")
    assert done.returncode == 0, done.stderr
    assert rows == [["Username", "Lab 1: nn_intro"], ["ada", "100"], ["bob", "93"]]
    assert "in the roster, with no grade here:\n  zed" in done.stdout
    assert "graded here, not in the roster:\n  frank\n  mallory" in done.stdout


def test_nbgraders_exported_grades_are_a_source_too(tmp_path):
    (tmp_path / "grades.csv").write_text(
        "assignment,duedate,timestamp,student_id,last_name,first_name,email,raw_score,"
        "late_submission_penalty,score,max_score\n"
        "nn_intro,,,ada,,,,100,0,100,100\nmlp,,,ada,,,,40,0,40,100\n"
        "nn_intro,,,bob,,,,93,0,93,100\n")
    (tmp_path / "moodle.csv").write_text(MOODLE)
    done, rows = export(tmp_path, tmp_path / "grades.csv", "--to", "moodle", "--roster",
                        tmp_path / "moodle.csv", "--key", "Username", "--assignment", "mlp")
    assert done.returncode == 0, done.stderr
    assert rows == [["Username", "mlp"], ["ada", "40"]]


def test_a_roster_that_is_not_the_lms_export_is_refused_with_the_reason(tmp_path, graded):
    (tmp_path / "moodle.csv").write_text(MOODLE)
    done, rows = export(tmp_path, graded, "--to", "canvas", "--roster", tmp_path / "moodle.csv")
    assert done.returncode == 2 and rows is None
    assert "not a Canvas gradebook export" in done.stderr
    done, rows = export(tmp_path, graded, "--to", "moodle", "--roster", tmp_path / "moodle.csv",
                        "--key", "Matrikel")
    assert done.returncode == 2 and "no column 'Matrikel'" in done.stderr


def test_identifiers_go_back_exactly_even_when_they_start_like_a_formula(tmp_path):
    folder = tmp_path / "grades"
    folder.mkdir()
    (folder / "gradebook.csv").write_text(      # grade-all quotes such a name: '+44ada
        "student,part1,total,max_score,status,reason\n'+44ada,10,10,10,graded,\n")
    (tmp_path / "canvas.csv").write_text(
        "Student,ID,SIS User ID,SIS Login ID,Section,nn_intro\n"
        "    Points Possible,,,,,10\n\"Lovelace, Ada\",101,S001,+44ada,CV,\n")
    done, rows = export(tmp_path, folder, "--to", "canvas", "--roster", tmp_path / "canvas.csv")
    assert done.returncode == 0, done.stderr
    assert rows[2] == ["Lovelace, Ada", "101", "S001", "+44ada", "CV", "10"]
    assert "1 students matched" in done.stdout and "not in the roster" not in done.stdout


def test_a_grade_all_folder_is_read_from_its_rows_as_data(tmp_path):
    """grade-all stores its rows as data (gradebook.json): names come back exactly as the
    files are called, with no spreadsheet quoting to undo, and ungraded rows have no grade."""
    import json

    from autograder.instructor.export import grades

    folder = tmp_path / "out"
    folder.mkdir()
    rows = [{"student": "=cmd|x", "part1": 10, "total": "93", "max_score": "100",
             "status": "graded", "reason": ""},
            {"student": "frank", "part1": 0, "total": 0, "max_score": "", "status": "missing",
             "reason": "no submission"}]
    (folder / "gradebook.json").write_text(json.dumps({"assignment": "nn_intro", "rows": rows}))
    got = grades(folder, "nn_intro")
    assert got["=cmd|x"].score == 93 and got["=cmd|x"].max_score == 100
    assert got["frank"].score is None
