"""`autograder validate`: the instructor's check of the grader itself.

1. The reference gets full marks.
2. The untouched student release gets zero.
3. Every catalogued misconception (`misconceptions.py` beside the reference) loses points in its
   own part, none in an earlier part, and every failed check it gets is diagnosed by its own
   name (never another's).
4. Mutation testing (`mutation.py`): mutmut's mutants of the reference, each graded; prints the
   kill rate and every surviving mutant that is not declared equivalent.

Exit status 0 when all four hold, 1 otherwise (2 bad arguments, 3 the reference is missing).
"""

from __future__ import annotations

import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..grading.misconceptions import (
    Misconception,
    catalogue,
    equivalent_mutants,
    reference_code,
    variant_code,
)
from ..grading.settings import Settings


@dataclass
class Finding:
    name: str
    ok: bool
    detail: str = ""


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)

    def add(self, name: str, ok: bool, detail: str = "") -> None:
        self.findings.append(Finding(name, ok, detail))
        mark = "ok  " if ok else "FAIL"
        print(f"  {mark} {name}" + (f": {detail}" if detail else ""), flush=True)

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.findings)


def _points(path: Path, settings: Settings, name: str) -> tuple[float, float, dict[int, float],
                                                                 list]:
    from ..grading.assignment import named
    from ..grading.pipeline import Pipeline
    grading = Pipeline(replace(settings, isolate=False), named(name)).grade(path)
    lost = {}
    for r in grading.results:
        lost[r.part] = lost.get(r.part, 0.0) + r.max_score - r.score
    score = sum(r.score for r in grading.results)
    return score, sum(r.max_score for r in grading.results), lost, grading.results


def check_misconception(entry: Misconception, settings: Settings, name: str) -> tuple[bool, str]:
    """Grade the entry's variant of the assignment `name`'s reference (`settings.reference`):
    (as it should be, what was wrong or what it got)."""
    try:
        code = variant_code(settings.reference, entry)
    except ValueError as error:
        return False, f"its edits do not apply to the reference: {error}"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{name}.py"
        path.write_text(code)
        score, _, lost, results = _points(path, settings, name)
    losing = sorted(p for p, v in lost.items() if v > 0)
    failed_here = [r for r in results if r.part == entry.part and r.score < r.max_score]
    others = sorted({r.diagnosis for r in results if r.diagnosis and r.diagnosis != entry.id})
    named = [r.number for r in failed_here if r.diagnosis == entry.id]
    if entry.part not in losing:
        return False, f"loses no points in part {entry.part} (parts losing points: {losing})"
    if losing[0] < entry.part:
        return False, f"loses points in an earlier part, {losing[0]}"
    if not named:
        return False, f"no failed check of part {entry.part} is diagnosed as {entry.id}"
    if others:
        return False, f"also diagnosed as {', '.join(others)}"
    return True, (f"{score:g} points; parts {', '.join(map(str, losing))} lose points; "
                  f"diagnosed in {', '.join(named)}")


def run(release: Path, mutants: bool, jobs: int, workdir: Path, settings: Settings,
        assignment) -> Report:
    report = Report()
    reference = settings.reference_for(assignment)
    settings = replace(settings, reference=reference)     # the pool's processes get the path

    print(f"{assignment.name}: the reference gets full marks:")
    score, max_score, _, results = _points(reference, settings, assignment.name)
    failing = [f"[{r.number}] {r.output.splitlines()[0]}" for r in results
               if r.score < r.max_score]
    report.add(reference.name, score == max_score,
               f"{score:g} / {max_score:g}" + (f"; {'; '.join(failing[:3])}" if failing else ""))

    print("The untouched release gets nothing:")
    if release.is_file():
        score, max_score, _, _ = _points(release, settings, assignment.name)
        here = Path.cwd()
        shown = release.relative_to(here) if release.is_relative_to(here) else release
        report.add(str(shown), score == 0, f"{score:g} / {max_score:g}")
    else:
        report.add(str(release), False, "no such file (run `make release`, or pass --release)")

    entries = catalogue(assignment.catalogue_for(reference))
    print(f"Each of the {len(entries)} catalogued misconceptions loses points in its part and is "
          "diagnosed by name:")
    if not entries:
        report.add("the catalogue", False, f"no misconceptions at "
                                           f"{assignment.catalogue_for(reference)}")
    with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
        outcomes = pool.map(check_misconception, entries, [settings] * len(entries),
                            [assignment.name] * len(entries))
        for entry, (ok, detail) in zip(entries, outcomes):
            report.add(f"part {entry.part} {entry.id}", ok, detail)

    if mutants:
        _mutation(report, reference, workdir, settings.seed, assignment.name)
    return report


def _mutation(report: Report, reference: Path, workdir: Path, seed: int, name: str) -> None:
    from . import mutation

    print("Mutation testing (mutmut; every mutant of the reference graded):", flush=True)
    result = mutation.run(reference, workdir, reference_code(reference), seed, name)
    if not result.mutants:
        report.add("mutmut", False, f"no mutants came back (exit {result.returncode}):\n"
                                    + result.log[-2000:])
        return
    from ..grading.assignment import named

    equivalent = equivalent_mutants(named(name).catalogue_for(reference))
    killed, counted = result.kill_rate(set(equivalent))
    survivors = [m for m in result.mutants if m.status == "survived" and m.key not in equivalent]
    found_equivalent = [m for m in result.mutants if m.key in equivalent]
    print(f"  {len(result.mutants)} mutants: {killed} of the {counted} non-equivalent ones killed "
          f"(kill rate {100 * killed / max(1, counted):.1f}%); {len(found_equivalent)} declared "
          "equivalent")
    for m in found_equivalent:
        print(f"    equivalent, line {m.line}: {m.after.strip()}  ({equivalent[m.key]})")
    for m in survivors:
        report.add(f"mutant {m.id}, line {m.line}", False,
                   f"survived: {m.before.strip()}  ->  {m.after.strip()}")
    stale = set(equivalent) - {m.key for m in result.mutants}
    for before, after in sorted(stale):
        print(f"    note: the declared equivalent mutant {after!r} no longer occurs")
    report.add("kill rate", not survivors, f"{killed} / {counted}")


def main(release: Path | None, mutants: bool, jobs: int, workdir: Path,
         settings: Settings, assignment) -> int:
    from ..grading.pipeline import ReferenceMissing, reference

    try:
        reference(settings.reference_for(assignment))
    except ReferenceMissing as error:
        print(f"autograder: {error}", file=sys.stderr)
        return 3
    report = run(Path(release or assignment.release), mutants, jobs, workdir, settings,
                 assignment)
    failed = [f for f in report.findings if not f.ok]
    print(f"\nvalidate: {len(report.findings) - len(failed)} of {len(report.findings)} "
          f"findings as they should be" + (f"; {len(failed)} not" if failed else ""))
    return 0 if report.ok else 1
