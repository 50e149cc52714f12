"""pytest plugin: students run `pytest` beside their notebook.

Installed with the kit, it is one of pytest's plugins in that environment (the `pytest11`
entry point `autograder.pytest_plugin`). It collects the student's notebook of an installed
assignment, `<name>.ipynb`, when it is a notebook the kit released (nbgrader test cells that
call `grade_part`): `pytest` in a folder holding only the notebook grades it, with no
`pytest.ini`. Any other file, and every other project's pytest run in the same environment, is
left alone (nothing heavier than a file-name test and, for such a notebook, a look at its
metadata runs there). The release's `pytest.ini` names the plugin too (`-p
autograder.pytest_plugin`): then `<name>.py` is collected as well when there is no notebook,
as the file name alone says.

It runs each of that assignment's public checks as one test whose failure is the check's
feedback (no traceback), shows hidden checks as skipped ("runs at grading"), and ends with the
per-part points table and a link to the feedback report (`pytest-report/feedback.html` and `.md`
beside the notebook, wherever pytest was started and whatever rootdir it chose: the same report
as at grading, with the student's loss curve, without the hidden checks).
"""

from __future__ import annotations

import json

import pytest

PROBLEMS = pytest.StashKey[list]()
SUBMISSION = pytest.StashKey[tuple]()
ASSIGNMENT = pytest.StashKey[object]()
RUN = pytest.StashKey[object]()        # the file's `Stepwise` grading
REPORT_FOLDER = "pytest-report"   # not nbgrader's `feedback/`, where its fetched
                                   # feedback lands
NAME = "autograder.pytest_plugin"
MOST_BYTES = 32 * 1024 * 1024       # a notebook larger than this is not looked into


def pytest_configure(config):
    config.stash[RUN] = None
    config.stash[PROBLEMS] = []
    config.stash[SUBMISSION] = ()
    config.stash[ASSIGNMENT] = None


def _named_by_pytest_ini(config) -> bool:
    """The run names the plugin itself (the release's pytest.ini: `-p autograder.pytest_plugin`)."""
    return NAME in (getattr(config.known_args_namespace, "plugins", None) or [])


def _is_a_kit_notebook(path) -> bool:
    """A notebook released by the kit: nbgrader test cells that call `grade_part`."""
    try:
        if path.stat().st_size > MOST_BYTES:
            return False
        cells = json.loads(path.read_bytes()).get("cells", [])
        return any(cell["metadata"]["nbgrader"].get("grade") and "grade_part(" in (
            "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"])
                   for cell in cells if "nbgrader" in cell.get("metadata", {}))
    except (OSError, ValueError, RecursionError, AttributeError, KeyError, TypeError):
        return False


def pytest_collect_file(file_path, parent):
    from .grading.assignment import names  # the installed names, none of them loaded (nor numpy)
    if file_path.suffix not in (".ipynb", ".py") or file_path.stem not in names():
        return None
    if _named_by_pytest_ini(parent.config):
        wanted = file_path.suffix == ".ipynb" or not file_path.with_suffix(".ipynb").exists()
    else:
        wanted = file_path.suffix == ".ipynb" and _is_a_kit_notebook(file_path)
    if not wanted:
        return None
    from .grading.assignment import named
    parent.config.stash[ASSIGNMENT] = named(file_path.stem)
    return SubmissionFile.from_parent(parent, path=file_path)


class CheckFailed(Exception):
    pass


class SubmissionFile(pytest.File):
    def collect(self):
        from .grading.pipeline import Pipeline
        from .grading.settings import Settings
        from .submission import LocalSubmission
        from .submission.files import SubmissionUnreadable
        from .submission.load import load

        problems = self.config.stash[PROBLEMS]
        try:
            loaded = load(self.path)
            problems += [f"{self.path.name}, {p}" for p in loaded.problems]
            settings = Settings.from_environment()
            sub = LocalSubmission(loaded, call_seconds=settings.limits.call_seconds)
            self.config.stash[RUN] = Pipeline(settings, self.config.stash[ASSIGNMENT],
                                              hidden=False).stepwise(sub)
            self.config.stash[SUBMISSION] = (self.path, sub)
        except SubmissionUnreadable as error:
            problems.append(str(error))
            sub = None
        for check in self.config.stash[ASSIGNMENT].checks:
            yield CheckItem.from_parent(self, name=check.id, check=check, sub=sub)


class CheckItem(pytest.Item):
    def __init__(self, *, check, sub, **kwargs):
        from .report.text import points

        super().__init__(**kwargs)
        self.check, self.sub = check, sub
        if check.hidden:
            self.add_marker(pytest.mark.skip(
                reason=f"hidden check ({points(check.points)} points): runs at grading"))

    def runtest(self):
        from .grading.results import PASSED

        if self.sub is None:
            raise CheckFailed("Your notebook could not be read (see the summary below).")
        result = self.config.stash[RUN].result(self.check)
        if result.status != PASSED:
            raise CheckFailed(result.output)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, CheckFailed):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, 0, f"[{self.check.number}] {self.check.title}"


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    done = config.stash[RUN].done if config.stash[RUN] is not None else {}
    assignment = config.stash[ASSIGNMENT]
    if assignment is None or (not done and not config.stash[PROBLEMS]):
        return
    from .grading.results import NOT_RUN, PASSED
    from .grading.run import pending, result
    from .report.text import points, table

    checks = assignment.checks
    results = [done.get(c.id) or (pending(c) if c.hidden
                                  else result(c, NOT_RUN, "this test did not run"))
               for c in checks]
    hidden = sum(c.points for c in checks if c.hidden)
    terminalreporter.section(f"{assignment.name}: points from the public checks")
    for problem in config.stash[PROBLEMS]:
        terminalreporter.write_line(f"While loading your code: {problem}")
    terminalreporter.write_line(table(
        results, assignment.parts, f"Hidden checks (random inputs, comparisons with the reference) are worth "
                 f"{points(hidden)} points: they run when your work is graded."))
    confirmed = [r for r, c in zip(results, checks) if c.beyond is not None and r.status == PASSED]
    if confirmed:
        terminalreporter.write_line(
            f"Checks {', '.join(r.number for r in confirmed)} "
            f"({points(sum(r.score for r in confirmed))} points) pass on the lecture's worked "
            "numbers; their points are confirmed at grading, where the same functions are "
            "also tried beyond the lecture's inputs.")
    page = _report(config, assignment, results)
    if page is not None:
        terminalreporter.write_line(f"Feedback report: {page}")
    terminalreporter.write_line(verdict(checks, results, points(hidden)), bold=True)


def verdict(checks, results, hidden_points: str) -> str:
    """The run's last line: how the public checks went, and what is left for grading (the
    table's total counts only public points, so alone it reads like a failing grade)."""
    from .grading.results import PASSED

    public = [(c, r) for c, r in zip(checks, results) if not c.hidden]
    failed = [c.number for c, r in public if r.status != PASSED]
    later = f"the other {hidden_points} points are checked when your work is graded"
    if not failed:
        return f"All {len(public)} public checks pass; {later}."
    shown = ", ".join(failed[:8]) + (", …" if len(failed) > 8 else "")
    return (f"{len(public) - len(failed)} of {len(public)} public checks pass ({shown} "
            f"{'does' if len(failed) == 1 else 'do'} not yet); {later}.")


def _report(config, assignment, results):
    """Write the feedback report into a `feedback` folder beside the notebook (wherever pytest
    was started from, and whatever rootdir it found); None when nothing was loaded. Its path is
    shown relative to where pytest was started, when it lies below."""
    from pathlib import Path

    from .grading.results import Grading
    from .report import feedback

    if not config.stash[SUBMISSION]:
        return None
    path, sub = config.stash[SUBMISSION]
    grading = Grading(path.name, results, assignment.name, dict(assignment.parts),
                      list(config.stash[PROBLEMS]),
                      figures=assignment.figures(sub, None, results, None))
    try:
        page = feedback.write(grading, path.parent / REPORT_FOLDER)
    except OSError:
        return None
    try:
        return page.relative_to(Path(config.invocation_params.dir))
    except ValueError:
        return page
