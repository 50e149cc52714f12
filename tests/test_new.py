"""`autograder new`: in a copy of this repository, a new assignment installs, its reference
gets full marks, its release none, `validate` passes and the test it wrote passes, before
anything of it is edited."""

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from conftest import REPO

NAME = "demo_lab"


def run(*args, cwd, env=None, timeout=600):
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)
    assert done.returncode == 0, (args, done.stdout[-2000:], done.stderr[-2000:])
    return done


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> tuple[Path, dict]:
    """A copy of the repository (its files as git lists them) with its own environment: a
    virtual environment that sees this one's packages and installs the copy, as `make install`
    does."""
    root = tmp_path_factory.mktemp("course")
    listed = run("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard",
                 cwd=REPO).stdout.split("\0")
    for name in filter(None, listed):
        if (REPO / name).is_file():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes((REPO / name).read_bytes())
    venv = root / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=root)
    site = Path(run(venv / "bin" / "python", "-c",
                    "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                    cwd=root).stdout.strip())
    (site / "kit.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    env = dict(os.environ, PATH=f"{venv / 'bin'}{os.pathsep}{Path(sys.executable).parent}"
                                f"{os.pathsep}{os.environ['PATH']}")
    env.pop("VIRTUAL_ENV", None)
    run(venv / "bin" / "python", "-m", "autograder", "new", NAME, "--title", "Scaling numbers",
        cwd=root, env=env)
    run(venv / "bin" / "python", "-m", "pip", "install", "-q", "--no-deps", "-e", ".",
        cwd=root, env=env)
    run(venv / "bin" / "python", "-m", "nbgrader", "generate_assignment", NAME, "--force",
        cwd=root, env=env)
    return root, env


def test_the_new_assignment_is_installed_beside_the_others(course):
    root, env = course
    listed = run(root / "venv" / "bin" / "autograder", "assignments", cwd=root, env=env)
    assert listed.stdout.split() == sorted(["mlp", "nn_intro", NAME])


def test_its_reference_gets_full_marks_and_its_release_none(course):
    root, env = course
    scores = {}
    for which, path in (("reference", f"solutions/{NAME}/{NAME}.ipynb"),
                        ("release", f"assignments/{NAME}/{NAME}.ipynb")):
        results = root / "out" / which / "results.json"
        run(root / "venv" / "bin" / "autograder", "grade", path, "--results", results,
            "--quiet", cwd=root, env=env)
        scores[which] = json.loads(results.read_text())["score"]
    assert scores == {"reference": 10, "release": 0}


def test_validate_passes_and_so_does_the_test_it_wrote(course):
    root, env = course
    done = run(root / "venv" / "bin" / "autograder", "validate", "--assignment", NAME,
               "--workdir", root / "build" / "validate", cwd=root, env=env)
    assert "4 of 4 findings as they should be" in done.stdout
    run(root / "venv" / "bin" / "python", "-m", "pytest", "-q", "-n0", f"tests/test_{NAME}.py",
        cwd=root, env=env)


def test_new_refuses_a_name_taken_or_not_a_package_name(course):
    root, env = course
    for name, says in ((NAME, "registered in pyproject.toml already"),
                       ("Bad-Name", "is not a name for an assignment")):
        done = subprocess.run([str(root / "venv" / "bin" / "autograder"), "new", name],
                              cwd=root, env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 2 and says in done.stderr
