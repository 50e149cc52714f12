"""`autograder bundle`: what CI needs to grade submissions through the same sandboxed path.

    autograder bundle gradescope --assignment NAME --out NAME-gradescope.zip   (setup.sh, ...)
    autograder bundle github --assignment NAME --out PATH/TO/STUDENT-TEMPLATE  (a workflow)

Both install the kit from a wheel built here, which holds the engine and the assignments'
checks, and nothing of `solutions/`. Only the Gradescope bundle carries the reference solution: Gradescope keeps it
in /autograder/source, out of students' sight, and the sandbox keeps the submission's process
from reading it. A student's GitHub repository never holds the reference (a student can edit
their workflow and print anything it can reach), so GitHub Classroom runs the public checks
only; hidden checks run where students cannot edit the pipeline (Gradescope, or the
instructor's `grade-all` over the collected repositories).
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from ..grading.settings import Settings

REPOSITORY = Path(__file__).resolve().parents[2]     # the kit's checkout: its pyproject.toml


class BundleError(Exception):
    pass


def build_wheel(into: Path) -> Path:
    """The kit's wheel, built from a clean copy of the repository this package runs from: its
    pyproject.toml, README.md and top-level packages, without bytecode (building in the
    repository itself would reuse a stale build/ folder, files since moved included)."""
    if not (REPOSITORY / "pyproject.toml").is_file():
        raise BundleError(f"no pyproject.toml in {REPOSITORY}: bundle from the kit's repository")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "source"
        source.mkdir()
        for name in ("pyproject.toml", "README.md"):
            shutil.copy2(REPOSITORY / name, source / name)
        for package in sorted(p.parent for p in REPOSITORY.glob("*/__init__.py")):
            shutil.copytree(package, source / package.name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
                               "--wheel-dir", str(into), str(source)],
                              capture_output=True, text=True, check=False)
    wheels = sorted(into.glob("*.whl"))
    if done.returncode or not wheels:
        raise BundleError(f"building the wheel failed: {done.stderr.strip()[-500:]}")
    return wheels[0]


# --- Gradescope ---------------------------------------------------------------------------

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder's image (as root, Ubuntu).
set -euo pipefail
apt-get update -qq
apt-get install -y -qq python3 python3-venv python3-pip
python3 -m venv /autograder/venv
/autograder/venv/bin/pip install --quiet /autograder/source/{wheel}
# The reference is the grader's alone: root-only on disk, and out of the sandbox's reach.
chmod 700 /autograder/source/reference
chmod 600 /autograder/source/reference/*
# Which walls the sandbox can put up on this image (shown in the image's build log).
/autograder/venv/bin/autograder sandbox || true
# Warm the grader's cache in the image (the examples each search draws for this seed, the
# reference's outputs): every submission's container then starts with it.
/autograder/venv/bin/autograder grade /autograder/source/reference/{assignment}.ipynb \
    --assignment {assignment} --results /tmp/warm-up.json --quiet --no-report --seed {seed} \
    --reference /autograder/source/reference/{assignment}.ipynb || true
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this once per submission: /autograder/submission in, results.json out
# (Gradescope shows results.json only: no feedback report is written beside it).
exec /autograder/venv/bin/autograder grade /autograder/submission \\
    --assignment {assignment} --results /autograder/results/results.json \\
    --reference /autograder/source/reference/{assignment}.ipynb \\
    --seed {seed} --hidden-visibility after_published --no-report
"""


def gradescope(out: Path, settings: Settings, assignment) -> Path:
    reference = settings.reference_for(assignment)
    if not reference.is_file():
        raise BundleError(f"the reference solution is missing: {reference}")
    with tempfile.TemporaryDirectory() as tmp:
        wheel = build_wheel(Path(tmp))
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bundle:
            name = assignment.name
            _add(bundle, "setup.sh", SETUP_SH.format(wheel=wheel.name, assignment=name,
                                                     seed=int(settings.seed)))
            _add(bundle, "run_autograder",
                 RUN_AUTOGRADER.format(assignment=name, seed=int(settings.seed)))
            bundle.write(wheel, wheel.name)
            bundle.write(reference, f"reference/{name}.ipynb")
            catalogue = assignment.catalogue_for(reference)
            if catalogue.is_file():        # the misconceptions: as hidden as the reference,
                bundle.write(catalogue, "reference/misconceptions.py")   # found beside it
    return out


def _add(bundle: zipfile.ZipFile, name: str, text: str) -> None:
    info = zipfile.ZipInfo(name)
    info.external_attr = 0o755 << 16          # executable, as Gradescope requires
    bundle.writestr(info, text)


# --- GitHub Classroom ---------------------------------------------------------------------

def workflow(wheel_name: str, assignment) -> str:
    """GitHub Classroom's autograding workflow: one test per public check, with its points."""
    public = [c for c in assignment.checks if not c.hidden]
    ids = [f"check-{c.number.replace('.', '-')}" for c in public]
    lines = [
        "# Made by `autograder bundle github`: one GitHub Classroom test per public check.",
        "# Hidden checks are not run here: the reference never enters a student's repository.",
        "name: Autograding (public checks)",
        "on: [push, workflow_dispatch]",
        "permissions:",
        "  checks: write",
        "  actions: read",
        "  contents: read",
        "jobs:",
        "  run-autograding-tests:",
        "    runs-on: ubuntu-latest",
        "    if: github.actor != 'github-classroom[bot]'",
        "    steps:",
        "      - uses: actions/checkout@v4",
        "      - uses: actions/setup-python@v5",
        "        with:",
        "          python-version: '3.11'",
        "      - name: Install the grader",
        f"        run: pip install .autograder/{wheel_name}",
        "      - name: Grade the public checks (sandboxed)",
        f"        run: autograder grade . --assignment {assignment.name} --results results.json "
        "--public-only",
    ]
    for check, ident in zip(public, ids):
        title = f"{check.number} {check.title}".replace('"', "'")
        lines += [
            f"      - name: {_quote(title)}",
            f"        id: {ident}",
            "        uses: classroom-resources/autograding-command-grader@v1",
            "        with:",
            f"          test-name: {_quote(title)}",
            f"          command: {_quote('autograder passed results.json ' + shlex.quote(check.number))}",
            "          timeout: 1",
            f"          max-score: {check.points:g}",
        ]
    lines += [
        "      - name: Autograding Reporter",
        "        uses: classroom-resources/autograding-grading-reporter@v1",
        "        env:",
        *[f"          {ident.upper()}_RESULTS: \"${{{{steps.{ident}.outputs.result}}}}\"" for ident in ids],
        "        with:",
        f"          runners: {','.join(ids)}",
    ]
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def github(out: Path, assignment) -> Path:
    folder = out / ".autograder"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.whl"):
        old.unlink()
    wheel = build_wheel(folder)
    path = out / ".github" / "workflows" / "classroom.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(workflow(wheel.name, assignment))
    return path


def make(target: str, out: Path, settings: Settings, assignment) -> int:
    try:
        path = (gradescope(out, settings, assignment) if target == "gradescope"
                else github(out, assignment))
    except BundleError as error:
        print(f"autograder: {error}", file=sys.stderr)
        return 3
    print(f"wrote {path}")
    return 0
