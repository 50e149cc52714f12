"""`autograder new NAME`: a new assignment that works before anything is edited.

It writes, from the templates in `templates/assignment/` (kept out of the engine's code: a
template is an assignment's content, not the engine's):

    coursework/NAME/__init__.py     the declaration (`Assignment`), one part
    coursework/NAME/checks.py       a worked-number check and a hidden comparison
    solutions/NAME/NAME.ipynb       nbgrader's source notebook: a solution cell, a test cell
                                    whose points equal the part's declared total, grade ids
                                    that begin with NAME
    solutions/NAME/misconceptions.py   one catalogued misconception, no equivalent mutant
    solutions/NAME/pytest.ini       the students' `pytest` beside the notebook
    tests/test_NAME.py              the reference full marks, the release none
    docs/NAME.md                    the contract's page

and registers NAME under the `autograder.assignments` entry points of `pyproject.toml`. Then
`make install` (the registration), `make release` (nbgrader makes `assignments/NAME/`) and
`autograder validate --assignment NAME` pass as they are. Nothing is overwritten.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from string import Template

TEMPLATES = Path(__file__).resolve().parent / "templates" / "assignment"
ENTRY_POINTS = '[project.entry-points."autograder.assignments"]'


class ScaffoldError(Exception):
    """The assignment cannot be made here; the message says why."""


def _fill(name: str, title: str, template: str) -> str:
    return Template((TEMPLATES / template).read_text(encoding="utf-8")).substitute(
        name=name, title=title)


def notebook(name: str, title: str) -> dict:
    """nbgrader's source notebook, cell by cell as `templates/assignment/notebook/cells.json`
    lists them."""
    cells = []
    for i, spec in enumerate(json.loads((TEMPLATES / "notebook" / "cells.json").read_text())):
        cell = {"cell_type": spec["cell_type"], "id": f"{name}-{i}", "metadata": {},
                "source": _fill(name, title, f"notebook/{spec['source']}").rstrip("\n")}
        if "nbgrader" in spec:
            meta = json.loads(Template(json.dumps(spec["nbgrader"])).substitute(name=name))
            cell["metadata"]["nbgrader"] = {**meta, "schema_version": 3}
        if spec["cell_type"] == "code":
            cell.update(execution_count=None, outputs=[])
        cells.append(cell)
    return {"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3",
                                                        "language": "python", "name": "python3"},
                                         "language_info": {"name": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def files(name: str, title: str) -> dict[str, str]:
    """{path relative to the repository: content} of a new assignment."""
    return {
        f"coursework/{name}/__init__.py": _fill(name, title, "package_init.py.tmpl"),
        f"coursework/{name}/checks.py": _fill(name, title, "checks.py.tmpl"),
        f"solutions/{name}/{name}.ipynb": json.dumps(notebook(name, title), indent=1) + "\n",
        f"solutions/{name}/misconceptions.py": _fill(name, title, "misconceptions.py.tmpl"),
        f"solutions/{name}/pytest.ini": _fill(name, title, "pytest.ini.tmpl"),
        f"tests/test_{name}.py": _fill(name, title, "test.py.tmpl"),
        f"docs/{name}.md": _fill(name, title, "docs.md.tmpl"),
    }


def registered_in(pyproject: str, name: str) -> str:
    """`pyproject.toml`'s text with NAME registered, after the last assignment registered."""
    line = f'{name} = "coursework.{name}:ASSIGNMENT"'
    if ENTRY_POINTS not in pyproject:
        return pyproject.rstrip("\n") + f"\n\n{ENTRY_POINTS}\n{line}\n"
    head, tail = pyproject.split(ENTRY_POINTS, 1)
    lines = tail.split("\n")
    section = next((i for i, text in enumerate(lines) if i and text.startswith("[")), len(lines))
    last = max((i for i in range(section) if "=" in lines[i]), default=0)
    lines.insert(last + 1, line)
    return head + ENTRY_POINTS + "\n".join(lines)


def new(root: Path, name: str, title: str) -> list[Path]:
    """Write the new assignment NAME under the repository `root`; the paths written."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise ScaffoldError(f"{name!r} is not a name for an assignment: lower-case letters, "
                            "digits and _, starting with a letter (it names a Python package)")
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file():
        raise ScaffoldError(f"no pyproject.toml in {root}: run it from the course repository")
    text = pyproject.read_text(encoding="utf-8")
    if re.search(rf'^{re.escape(name)}\s*=', text.split(ENTRY_POINTS, 1)[-1], re.MULTILINE):
        raise ScaffoldError(f"{name} is registered in pyproject.toml already")
    made = files(name, title)
    existing = [path for path in made if (root / path).exists()]
    if existing:
        raise ScaffoldError(f"{', '.join(existing)} exist already: nothing was written")
    for path, content in made.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(content, encoding="utf-8")
    pyproject.write_text(registered_in(text, name), encoding="utf-8")
    return [root / path for path in made] + [pyproject]
