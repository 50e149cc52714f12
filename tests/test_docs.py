"""The project speaks of itself as it is: every file path and every `module.name` of the engine
that the docs, the README and the engine's own docstrings cite exists."""

import ast
import importlib
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ROOTS = ("autograder", "coursework", "tests", "benchmarks", "solutions", "assignments",
         "examples", "docs")
PATH = re.compile(r"`((?:%s)/[\w./-]*)`" % "|".join(ROOTS))
DOTTED = re.compile(r"`(?:autograder\.)?([a-z_]+(?:\.[A-Za-z_]\w*)+)[^`]*`")
PLACEHOLDERS = ("my_lab", "<", "NAME")          # the docs' example of a user's own assignment
EXTENSIONS = {"py", "json", "html", "md", "csv", "ipynb", "txt", "svg", "ini", "toml", "zip",
              "db", "yml", "yaml", "png"}     # `results.json` is a file, not a name


def engine_index() -> dict[str, list[str]]:
    """Every engine module's dotted name, under each of its dotted tails: `carry` and
    `grading.carry` both name `autograder.grading.carry` (the docs cite a module by its
    last names, wherever its folder puts it)."""
    index: dict[str, list[str]] = {}
    for path in (REPO / "autograder").rglob("*.py"):
        parts = path.relative_to(REPO).with_suffix("").parts
        if "templates" in parts or parts[-1] == "__main__":
            continue
        parts = parts[:-1] if parts[-1] == "__init__" else parts
        for i in range(1, len(parts)):
            index.setdefault(".".join(parts[i:]), []).append(".".join(parts))
    return index


def defines(module, name: str) -> bool:
    """The module has `name`, or one of its classes has it (an instance's field, as in
    `settings.reference`)."""
    if hasattr(module, name):
        return True
    classes = [v for v in vars(module).values()
               if isinstance(v, type) and v.__module__ == module.__name__]
    return any(hasattr(c, name) or name in getattr(c, "__annotations__", {}) for c in classes)


def texts():
    """(where, text) of every doc page, the README and each engine module's docstrings."""
    for page in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        yield page.relative_to(REPO), page.read_text()
    for path in sorted((REPO / "autograder").rglob("*.py")):
        tree = ast.parse(path.read_text())
        for node in [tree, *ast.walk(tree)]:
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
                doc = ast.get_docstring(node)
                if doc:
                    yield path.relative_to(REPO), doc


def test_every_path_the_docs_cite_exists():
    missing = sorted({f"{where}: {found}" for where, text in texts()
                      for found in PATH.findall(text)
                      if not any(p in found for p in PLACEHOLDERS)
                      and not (REPO / found.rstrip("/")).exists()})
    assert missing == []


def test_every_engine_name_the_docs_cite_exists():
    index = engine_index()
    missing = []
    for where, text in texts():
        for cited in DOTTED.findall(text):
            parts = cited.split(".")
            heads = [k for k in range(len(parts) - 1, 0, -1) if ".".join(parts[:k]) in index]
            if not heads or parts[heads[0]] in EXTENSIONS:
                continue
            module, name = ".".join(parts[:heads[0]]), parts[heads[0]]
            if not any(defines(importlib.import_module(m), name) for m in index[module]):
                missing.append(f"{where}: {module}.{name}")
    assert sorted(set(missing)) == []
