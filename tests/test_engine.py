"""The engine alone: it names no assignment, and a toy assignment declared in the tests is
graded, reported, batched and numbered by it with nothing of the course's assignments."""

import ast
import csv
import json
import re
import tokenize
from dataclasses import replace
from pathlib import Path

import pytest
from toy import TOY

HERE = Path(__file__).resolve().parent

from autograder.grading.assignment import register, registered
from autograder.grading.pipeline import Pipeline
from autograder.grading.settings import Settings
from autograder.instructor.batch import grade_all
from autograder.report import feedback, gradescope, text

ENGINE = Path(__file__).resolve().parent.parent / "autograder"


def assignment_words(assignment) -> set[str]:
    """What belongs to an assignment: its name, the names its reference defines (functions,
    classes, methods, attributes), its checks' ids and its misconceptions' ids."""
    from autograder.grading.misconceptions import catalogue, reference_code

    words = {assignment.name, *(c.id for c in assignment.checks)}
    words |= {e.id for e in catalogue(assignment.catalogue_for(assignment.reference))}
    for node in ast.walk(ast.parse(reference_code(assignment.reference))):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.name.startswith("_"):
            words.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                and node.value.id == "self":
            words.add(node.attr)
    return words - {"__init__"}


# Contract names that are also everyday English: the engine may say "error carried forward" or
# "a training step" in its prose, never use them as a name or a string of its code.
ORDINARY = {"forward", "train", "identity", "step"}


def mentions(path: Path, words: set[str]):
    """(line, word) for each assignment word in a file of the engine: any of them as a name
    or a whole string of its code; in comments and other strings, those that are not
    ORDINARY words."""
    prose = re.compile(r"\b(" + "|".join(map(re.escape, sorted(words - ORDINARY))) + r")\b")
    with open(path, encoding="utf-8") as f:
        for tok in tokenize.generate_tokens(f.readline):
            if tok.type == tokenize.NAME and tok.string in words:
                yield tok.start[0], tok.string
            elif tok.type in (tokenize.STRING, tokenize.COMMENT):
                text = re.sub(r"https?://\S+", "", tok.string)
                if text.strip("'\"") in words:
                    yield tok.start[0], text
                for m in prose.finditer(text):
                    yield tok.start[0], m.group()


def test_the_engine_names_no_assignment():
    assert registered(), "no assignment is installed"
    words = set().union(*(assignment_words(a) for a in registered().values()))
    found = [f"{path.relative_to(ENGINE)}:{line}: {word}"
             for path in sorted(ENGINE.rglob("*.py")) for line, word in mentions(path, words)]
    assert found == []


def engine_imports(path: Path) -> set[str]:
    """The engine's modules a file imports."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {m for m in found if m == "autograder" or m.startswith("autograder.")}


def test_an_assignment_speaks_to_the_engine_through_the_authoring_vocabulary_only():
    """Every assignment's package, its misconception catalogue and the tests' toy assignments
    import the engine's `autograder.authoring` and nothing else of it."""
    root = ENGINE.parent
    files = [*(root / "coursework").rglob("*.py"), *(root / "solutions").rglob("*.py"),
             *(root / "tests" / "toy").rglob("*.py"),
             *(root / "tests" / "perceptron").rglob("*.py")]
    assert len(files) > 20
    wrong = {str(p.relative_to(root)): sorted(engine_imports(p) - {"autograder.authoring"})
             for p in files}
    assert {p: m for p, m in wrong.items() if m} == {}


def test_the_vocabulary_names_only_what_it_defines():
    import autograder.authoring as authoring

    assert sorted(authoring.__all__) == sorted(set(authoring.__all__))
    assert all(hasattr(authoring, name) for name in authoring.__all__)
    documented = authoring.__doc__
    assert [name for name in authoring.__all__ if name not in documented] == []


def test_the_engine_names_test_catches_a_contract_name_in_code_and_in_prose(tmp_path):
    engine = tmp_path / "engine.py"
    engine.write_text('"""Error carried forward, a training step."""\n'
                      'x = sigmoid  # the relu of it\nname = "forward"\n')
    assert sorted(mentions(engine, {"sigmoid", "relu", "forward", "step"})) == [
        (2, "relu"), (2, "sigmoid"), (3, '"forward"')]


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


def engine_graph() -> dict[str, set[str]]:
    """Which engine module imports which (at the top or inside a function)."""
    graph: dict[str, set[str]] = {}
    for path in ENGINE.rglob("*.py"):
        parts = list(path.relative_to(ENGINE.parent).with_suffix("").parts)
        package = parts[:-1] if path.name != "__init__.py" else parts[:-1]
        name = ".".join(parts[:-1] if path.name == "__init__.py" else parts)
        targets = graph.setdefault(name, set())
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package[:len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
                targets |= {module} | {f"{module}.{a.name}" for a in node.names}
    return {name: {t for t in targets if t in graph or (ENGINE.parent / (t.replace(".", "/") + ".py")).exists()}
            for name, targets in graph.items()}


def test_the_engine_has_no_import_circle():
    graph = engine_graph()
    assert len(graph) > 30
    circles = []

    def visit(node, path):
        for nxt in sorted(graph.get(node, ())):
            if nxt in path:
                circles.append(path[path.index(nxt):] + [nxt])
            elif nxt not in done:
                visit(nxt, path + [nxt])
        done.add(node)
    done: set[str] = set()
    for start in sorted(graph):
        if start not in done:
            visit(start, [start])
    assert circles == []


def test_a_long_engine_module_says_why_it_is_one():
    """No engine module over 300 lines without a reason written in it."""
    long = []
    for path in sorted(ENGINE.rglob("*.py")):
        text = path.read_text()
        if text.count("\n") > 300 and "Why one module" not in (ast.get_docstring(
                ast.parse(text)) or ""):
            long.append(str(path.relative_to(ENGINE)))
    assert long == []


def test_the_engines_folders_say_what_each_part_is():
    """Modules live in a folder of their role; at the top stay the vocabulary and the front
    ends that other programs import by path (released notebooks, pytest.ini, nbgrader_config)."""
    top = {p.name for p in ENGINE.glob("*.py")}
    assert top == {"__init__.py", "__main__.py", "authoring.py", "notebook.py",
                   "pytest_plugin.py", "nbgrading.py"}
    folders = {p.name for p in ENGINE.iterdir() if (p / "__init__.py").is_file()}
    assert folders == {"submission", "sandbox", "grading", "instructor", "report", "cli"}
    for folder in folders:
        assert ast.get_docstring(ast.parse((ENGINE / folder / "__init__.py").read_text())), folder


PERCEPTRON_MISTAKES = {      # one line of the reference changed: the part it lives in
    "step_strict": (">= 0, 1.0", "> 0, 1.0", 1),
    "step_inverted": ("1.0, 0.0)", "0.0, 1.0)", 1),
    "predict_bias_subtracted": ("np.dot(self.w, x) + self.b", "np.dot(self.w, x) - self.b", 2),
    "train_descends": ("self.w = self.w + learn_rate", "self.w = self.w - learn_rate", 3),
    "train_bias_never_moves": ("self.b = self.b + learn_rate * error", "pass", 3),
}


def test_a_three_function_assignment_in_the_vocabulary_grades_its_mistakes_once(tmp_path):
    """`tests/perceptron/`: a step, a prediction and a training loop in 119 lines, the
    vocabulary only (worked, agrees, search, descend, lend, told_where_it_parts, expect_same,
    Lend). The reference scores full marks, the release nothing, and each one-line mistake
    loses points in its own part only (the prediction's and training's checks lend the earlier
    parts)."""
    from perceptron import PERCEPTRON

    register(PERCEPTRON)
    pipeline = Pipeline(Settings(), PERCEPTRON)
    reference = (HERE / "perceptron" / "perceptron.py").read_text()
    assert sum(r.score for r in pipeline.grade(HERE / "perceptron" / "perceptron.py").results) == 18
    assert sum(r.score for r in pipeline.grade(HERE / "perceptron" / "release.py").results) == 0
    for name, (old, new, part) in PERCEPTRON_MISTAKES.items():
        assert reference.count(old) == 1, name
        path = tmp_path / f"{name}.py"
        path.write_text(reference.replace(old, new))
        results = pipeline.grade(path).results
        assert {r.part for r in results if r.score < r.max_score} == {part}, name
    assert len((HERE / "perceptron" / "__init__.py").read_text().splitlines()) <= 150


def test_expect_same_names_the_entries_that_differ_farthest_first():
    """Where a training ends, in whatever shape the assignment holds its parameters: named
    numbers, or arrays layer by layer. The farthest off comes first, at most three are shown,
    and the count says how many of how many differ; NaN matches NaN."""
    import numpy as np

    from autograder.authoring import Fail, expect_same

    want = {"a": 1.0, "b": 2.0, "c": 3.0, "d": 4.0, "e": float("nan")}
    expect_same(dict(want), want, "after fit()")
    with pytest.raises(Fail) as failed:
        expect_same({**want, "a": 1.1, "b": 0.0, "c": 3.5, "d": 4.2}, want, "after fit()",
                    what="parameters")
    assert str(failed.value) == ("after fit(), 4 of 5 parameters are wrong: b: got 0, expected "
                                 "2; c: got 3.5, expected 3; d: got 4.2, expected 4; …")
    layers = {"weights": [np.zeros((2, 2)), np.ones((2, 1))], "biases": [np.zeros(2)]}
    got = {"weights": [np.zeros((2, 2)), np.array([[1.0], [np.inf]])], "biases": [np.zeros(2)]}
    with pytest.raises(Fail, match=r"1 of 8 parameters is wrong: weights\[1\]\[1, 0\]: got inf"):
        expect_same(got, layers, "after fit()", what="parameters")
    with pytest.raises(Fail, match=r"^after f\(\), out\[0, 0\]: got 1, expected 2$"):
        expect_same({"out": np.ones((1, 1))}, {"out": np.full((1, 1), 2.0)}, "after f()")
    with pytest.raises(Fail, match=r"weights\[0\] has shape \(2,\), expected \(2, 2\)"):
        expect_same({**layers, "weights": [np.zeros(2), np.ones((2, 1))]}, layers, "after fit()")


def test_agrees_compares_a_tuple_return_with_the_references_entry_by_entry():
    """`agrees(..., read=)`: a function returning a pair of arrays agrees with the reference's
    pair, or fails naming the entry that differs."""
    import numpy as np

    from autograder.authoring import Fail, agrees, as_array, as_items
    from autograder.submission import LocalSubmission
    from autograder.submission.load import Loaded

    def pair(plain):
        return [as_array(item, (2,)) for item in as_items(plain, 2, "a pair of arrays")]
    ref = LocalSubmission(Loaded({"split": lambda x: (np.array([x, 1.0]), np.array([2.0, x]))}))
    right = LocalSubmission(Loaded({"split": lambda x: [np.array([x, 1.0]), np.array([2, x])]}))
    wrong = LocalSubmission(Loaded({"split": lambda x: (np.array([x, 1.0]), np.array([x, 2]))}))
    agrees(right, ref, "split", 3.0, read=pair)
    with pytest.raises(Fail, match=r"split\(3\), 2 of 4 entries are wrong: \[1\]\[0\]: got 3, "
                                   r"expected 2; \[1\]\[1\]: got 2, expected 3"):
        agrees(wrong, ref, "split", 3.0, read=pair)
    with pytest.raises(Fail, match="expected a pair of arrays"):
        agrees(LocalSubmission(Loaded({"split": lambda x: x})), ref, "split", 3.0, read=pair)
