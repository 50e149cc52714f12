"""The engine alone: it names no assignment, and a toy assignment declared in the tests is
graded, reported, batched and numbered by it with nothing of the course's assignments."""

import ast
import csv
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from toy import TOY

from autograder.assignment import register, registered
from autograder.batch import grade_all
from autograder.pipeline import Pipeline
from autograder.report import feedback, gradescope, text
from autograder.settings import Settings

ENGINE = Path(__file__).resolve().parent.parent / "autograder"


def assignment_words(assignment) -> set[str]:
    """What belongs to an assignment: its name, the names its reference defines (functions,
    classes, methods, attributes), its checks' ids and its misconceptions' ids."""
    from autograder.misconceptions import catalogue, reference_code

    words = {assignment.name, *(c.id for c in assignment.checks)}
    words |= {e.id for e in catalogue(assignment.reference)}
    for node in ast.walk(ast.parse(reference_code(assignment.reference))):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.name.startswith("_"):
            words.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                and node.value.id == "self":
            words.add(node.attr)
    return words - {"__init__"}


def test_the_engine_names_no_assignment():
    assert registered(), "no assignment is installed"
    words = set().union(*(assignment_words(a) for a in registered().values()))
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(words))) + r")\b")
    found = [f"{path.relative_to(ENGINE)}:{i}: {m.group()}"
             for path in sorted(ENGINE.rglob("*.py"))
             for i, line in enumerate(path.read_text().splitlines(), 1)
             for m in [pattern.search(re.sub(r"https?://\S+", "", line))] if m]
    assert found == []


@pytest.fixture(scope="module")
def toy():
    register(TOY)
    return TOY


def code(double="2 * x", square="x * x") -> str:
    return f"def double(x):\n    return {double}\n\n\ndef square(x):\n    return {square}\n"


def test_a_toy_assignment_is_graded_by_the_engine_alone(toy, tmp_path):
    pipeline = Pipeline(Settings(), toy)
    right, wrong = tmp_path / "right.py", tmp_path / "wrong.py"
    right.write_text(code())
    wrong.write_text(code(square="x + x"))
    graded = pipeline.grade(right)
    assert [(r.number, r.score) for r in graded.results] == [("1.1", 2), ("1.2", 3), ("2.1", 5)]
    failed = pipeline.grade(wrong)
    assert [r.number for r in failed.results if r.score < r.max_score] == ["2.1"]
    assert "square(" in failed.results[-1].message
    summary = text.summary(failed)
    assert summary.startswith("toy: wrong.py") and "Squaring" in summary
    assert json.loads(gradescope.text(failed))["score"] == 5
    assert "toy feedback" in feedback.html(failed)


def test_a_hard_coded_toy_answer_earns_nothing_beyond_its_example(toy, tmp_path):
    hard = tmp_path / "hard.py"
    hard.write_text(code(double="6.0 if x == 3 else 0.0"))
    results = Pipeline(replace(Settings(), isolate=False), toy).grade(hard).results
    assert results[0].score == 0 and "not beyond it" in results[0].message


def test_a_batch_of_toy_submissions_has_the_toys_columns(toy, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ann.py").write_text(code())
    (folder / "ben.py").write_text(code(double="x"))
    grade_all(folder, tmp_path / "out", Settings(), toy, log=lambda *_: None, progress=False)
    rows = list(csv.DictReader(open(tmp_path / "out" / "gradebook.csv")))
    assert list(rows[0]) == ["student", "part1", "part2", "total", "max_score", "status",
                             "reason"]
    assert [(r["student"], r["total"]) for r in rows] == [("ann", "10"), ("ben", "5")]
