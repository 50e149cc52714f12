"""The student release: made by nbgrader from the source, current, and free of solutions."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import RELEASE, REPO, SOURCE

from autograder.grading.assignment import registered


def cells(path):
    return json.loads(Path(path).read_text())["cells"]


def nbgrader_meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    """The releases as `nbgrader generate_assignment` makes them now, in a scratch course."""
    course = tmp_path_factory.mktemp("course")
    shutil.copytree(REPO / "solutions", course / "solutions")
    shutil.copy(REPO / "nbgrader_config.py", course)
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    for name in ASSIGNMENTS:
        done = subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", name,
                               "--force"], cwd=course, env=env, capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
    return course / "assignments"


ASSIGNMENTS = sorted(registered())       # every installed assignment: no list to keep


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_committed_release_is_what_nbgrader_makes_from_the_source(regenerated, name):
    release = REPO / "assignments" / name / f"{name}.ipynb"
    assert cells(regenerated / name / f"{name}.ipynb") == cells(release), (
        "assignments/ is stale: run `make release` and commit the result")
    made = {p.name: p.read_bytes() for p in (regenerated / name).iterdir()
            if p.suffix != ".ipynb"}
    committed = {p.name: p.read_bytes() for p in release.parent.iterdir()
                 if p.suffix != ".ipynb"}
    assert made == committed


def test_release_holds_no_solution_code_and_no_hidden_tests():
    text = RELEASE.read_text()
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "run_hidden"):
        assert marker not in text
    release_code = "\n".join("".join(c["source"]) for c in cells(RELEASE) if c["cell_type"] == "code")
    for cell in cells(SOURCE):
        if nbgrader_meta(cell).get("solution"):
            source = "".join(cell["source"])
            inside = source.split("### BEGIN SOLUTION")[1:]
            for region in inside:
                for line in region.split("### END SOLUTION")[0].splitlines():
                    if len(line.strip()) >= 12 and not line.strip().startswith("#"):
                        assert line.strip() not in release_code, line


def test_every_stub_raises_not_implemented_with_guidance():
    stubs = [c for c in cells(RELEASE) if nbgrader_meta(c).get("solution")]
    assert len(stubs) == 4       # parts 1-4; parts 5 and 6 are methods of part 3's class
    for cell in stubs:
        source = "".join(cell["source"])
        assert 'raise NotImplementedError("Write this part' in source
        assert '"""' in source          # the docstring with the contract stays


def test_test_cells_points_equal_the_check_declarations():
    from conftest import PARTS, part_points

    test_cells = [nbgrader_meta(c) for c in cells(SOURCE) if nbgrader_meta(c).get("grade")]
    points = {int(m["grade_id"].removeprefix("test_part")): m["points"] for m in test_cells}
    assert points == {part: part_points(part) for part in PARTS}


def test_the_lecture_parts_come_in_order_in_the_notebook():
    headings = [c["source"] if isinstance(c["source"], str) else "".join(c["source"])
                for c in cells(SOURCE) if c["cell_type"] == "markdown"]
    parts = [int(h.split("Part ")[1][0]) for h in headings if h.startswith("## Part ")]
    assert parts == [1, 2, 3, 4, 5, 6]


def test_the_catalogue_of_misconceptions_is_never_released(regenerated):
    assert (SOURCE.parent / "misconceptions.py").is_file()
    assert not (regenerated / "misconceptions.py").exists()
    assert not (RELEASE.parent / "misconceptions.py").exists()
