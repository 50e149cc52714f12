"""Mutation testing of the grader: mutmut mutates the reference, the grader must notice.

The reference's solution cells are written out as one module; mutmut (2.x, whose `--runner`
takes any command) changes it one small edit at a time (an operator, a number, a comparison, a
dictionary key…) and runs `python -m autograder.instructor.mutation check MODULE` on each mutant: the
grader, every check, stopping at the first that fails. A mutant the grader fails is killed; one
that still gets full marks survived, and is either a gap in the checks or an equivalent mutant
(same behaviour as the reference wherever the contract looks), which the catalogue declares
with its reason in `EQUIVALENT_MUTANTS`.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

MODULE = "reference_module.py"


@dataclass
class Mutant:
    id: str
    status: str          # killed, survived, timeout, suspicious, skipped
    before: str          # the reference's line
    after: str           # the mutant's line
    line: int

    @property
    def key(self) -> tuple[str, str]:
        return (self.before.strip(), self.after.strip())


@dataclass
class MutationRun:
    mutants: list[Mutant]
    returncode: int
    log: str

    def kill_rate(self, equivalent: set) -> tuple[int, int]:
        """(killed, non-equivalent mutants)."""
        counted = [m for m in self.mutants if m.key not in equivalent]
        return sum(m.status != "survived" for m in counted), len(counted)


def runner_command(reference: Path, seed: int, name: str) -> str:
    return (f"{shlex.quote(sys.executable)} -m autograder.instructor.mutation check {MODULE} "
            f"--reference {shlex.quote(str(reference))} --seed {int(seed)} "
            f"--assignment {shlex.quote(name)}")


def run(reference: Path, workdir: Path, code: str, seed: int, name: str) -> MutationRun:
    """Mutate `code` (the reference as a module) with mutmut in `workdir`; every mutant."""
    workdir.mkdir(parents=True, exist_ok=True)
    for stale in (".mutmut-cache", "html"):
        path = workdir / stale
        if path.is_file():
            path.unlink()
    (workdir / MODULE).write_text(code)
    (workdir / "tests").mkdir(exist_ok=True)
    mutmut = [sys.executable, "-m", "mutmut"]
    run_ = subprocess.run(mutmut + ["run", "--paths-to-mutate", MODULE, "--tests-dir", "tests",
                                    "--runner", runner_command(reference, seed, name), "--no-progress",
                                    "--simple-output"],
                          cwd=workdir, capture_output=True, text=True)
    xml = subprocess.run(mutmut + ["junitxml"], cwd=workdir, capture_output=True, text=True)
    return MutationRun(_parse(xml.stdout, code), run_.returncode, run_.stdout + run_.stderr)


def _parse(xml: str, code: str) -> list[Mutant]:
    """mutmut's junitxml: one testcase per mutant; its diff names the line before and after."""
    lines = code.splitlines()
    out = []
    for case in ElementTree.fromstring(xml).iter("testcase"):
        failure = case.find("failure")
        if failure is not None:        # bad_survived, bad_timeout (a hang counts as killed)
            status = failure.get("message", "").removeprefix("bad_") or "survived"
        else:
            status = "skipped" if case.find("skipped") is not None else "killed"
        text = (failure.text or "") if failure is not None else ""
        before = next((m.group(1) for m in re.finditer(r"^-(?!--)(.*)$", text, re.M)), "")
        after = next((m.group(1) for m in re.finditer(r"^\+(?!\+\+)(.*)$", text, re.M)), "")
        line = int(case.get("line") or 0)
        if not before and 0 < line <= len(lines):
            before = lines[line - 1]
        out.append(Mutant(case.get("name", "?"), status, before, after, line))
    return out


def check(module: Path, reference: Path, seed: int, name: str) -> int:
    """The runner mutmut calls: 0 when the module passes every check of the assignment `name`
    (the mutant survived)."""
    from ..grading.assignment import named
    from ..grading.pipeline import Pipeline
    from ..grading.results import PASSED
    from ..grading.settings import Settings
    from ..submission import LocalSubmission
    from ..submission.load import execute, read_cells

    assignment = named(name)
    pipeline = Pipeline(Settings(reference=reference, seed=seed, isolate=False), assignment)
    loaded = execute(read_cells(module))
    if loaded.problems:
        print("does not load:", loaded.problems[0])
        return 1
    sub = LocalSubmission(loaded, call_seconds=10)
    for item in assignment.checks:
        result = pipeline.check(item, sub)
        if result.status != PASSED:
            print(f"killed by [{result.number}] {result.title}")
            return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    import argparse
    parser = argparse.ArgumentParser(prog="python -m autograder.instructor.mutation")
    parser.add_argument("verb", choices=["check"])
    parser.add_argument("module", type=Path)
    parser.add_argument("--reference", type=Path, required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--assignment", required=True)
    args = parser.parse_args(argv)
    return check(args.module, args.reference, args.seed, args.assignment)


if __name__ == "__main__":
    sys.exit(main())
