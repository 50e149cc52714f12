"""pytest plugin: students run `pytest` in the released assignment folder.

The folder's pytest.ini loads this plugin (`-p autograder.pytest_plugin`). It collects the
student's notebook of an installed assignment, `<name>.ipynb` (or `<name>.py` when there is no
notebook), runs each of that assignment's public checks
as one test whose failure is the check's feedback (no traceback), shows hidden checks as
skipped ("runs at grading"), and ends with the per-part points table and a link to the
feedback report (`feedback/feedback.html` and `.md` in the folder pytest runs in: the same
report as at grading, with the student's loss curve, without the hidden checks).
"""

from __future__ import annotations

import pytest

from .assignment import registered
from .checks import Check
from .load import SubmissionUnreadable, load
from .pipeline import Pipeline
from .report.text import points, table
from .results import NOT_RUN, PASSED
from .run import pending, result
from .settings import Settings
from .submission import LocalSubmission

RESULTS = pytest.StashKey[dict]()
PROBLEMS = pytest.StashKey[list]()
SUBMISSION = pytest.StashKey[tuple]()
ASSIGNMENT = pytest.StashKey[object]()
PIPELINE = pytest.StashKey[object]()
REPORT_FOLDER = "feedback"


def pytest_configure(config):
    config.stash[RESULTS] = {}
    config.stash[PROBLEMS] = []
    config.stash[SUBMISSION] = ()
    config.stash[ASSIGNMENT] = None


def pytest_collect_file(file_path, parent):
    assignment = registered().get(file_path.stem)
    if assignment is not None and (file_path.suffix == ".ipynb" or (
            file_path.suffix == ".py" and not file_path.with_suffix(".ipynb").exists())):
        parent.config.stash[ASSIGNMENT] = assignment
        return SubmissionFile.from_parent(parent, path=file_path)
    return None


class CheckFailed(Exception):
    pass


class SubmissionFile(pytest.File):
    def collect(self):
        problems = self.config.stash[PROBLEMS]
        try:
            loaded = load(self.path)
            problems += [f"{self.path.name}, {p}" for p in loaded.problems]
            settings = Settings.from_environment()
            sub = LocalSubmission(loaded, call_seconds=settings.limits.call_seconds)
            self.config.stash[PIPELINE] = Pipeline(settings, self.config.stash[ASSIGNMENT],
                                                   hidden=False)
            self.config.stash[SUBMISSION] = (self.path.name, sub)
        except SubmissionUnreadable as error:
            problems.append(str(error))
            sub = None
        for check in self.config.stash[ASSIGNMENT].checks:
            yield CheckItem.from_parent(self, name=check.id, check=check, sub=sub)


class CheckItem(pytest.Item):
    def __init__(self, *, check: Check, sub, **kwargs):
        super().__init__(**kwargs)
        self.check, self.sub = check, sub
        if check.hidden:
            self.add_marker(pytest.mark.skip(
                reason=f"hidden check ({points(check.points)} points): runs at grading"))

    def runtest(self):
        if self.sub is None:
            raise CheckFailed("Your notebook could not be read (see the summary below).")
        result = self.config.stash[PIPELINE].check(self.check, self.sub)
        self.config.stash[RESULTS][self.check.id] = result
        if result.status != PASSED:
            raise CheckFailed(result.output)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, CheckFailed):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, 0, f"[{self.check.number}] {self.check.title}"


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    done, assignment = config.stash[RESULTS], config.stash[ASSIGNMENT]
    if assignment is None or (not done and not config.stash[PROBLEMS]):
        return
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


def _report(config, assignment, results):
    """Write the feedback report into the run's folder; None when nothing was loaded."""
    from .report import feedback
    from .results import Grading

    if not config.stash[SUBMISSION]:
        return None
    name, sub = config.stash[SUBMISSION]
    grading = Grading(name, results, assignment.name, dict(assignment.parts),
                      list(config.stash[PROBLEMS]),
                      figures=assignment.figures(sub, None, results, None))
    try:
        page = feedback.write(grading, config.rootpath / REPORT_FOLDER)
    except OSError:
        return None
    return page.relative_to(config.rootpath)
