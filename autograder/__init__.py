"""An auto-graded coursework engine: it knows no lecture; each assignment is a package that
declares itself (`assignment.Assignment`) and registers under its name.

The data flows one way: load the submission (`load`, sandboxed by `isolated`, `worker` and
`sandbox`) -> run the assignment's declared checks (`run`) -> withhold unearned points ->
name the misconceptions behind failures (`diagnosis`, with the catalogue `misconceptions`
loads from beside the reference) -> score them per part (`score`) -> report (`report`: text,
results.json, the feedback report with the assignment's pictures). `pipeline` assembles these
once for every front end: `cli` (with `batch` and `distributed` for many submissions,
`validate` and `mutation` for checking the grader itself, `bundle` for CI), and `notebook` and
`pytest_plugin`, which run the same checks inside nbgrader's test cells and the students'
`pytest`. Results are plain data (`results`) until a reporter writes them; settings are one
value (`settings.Settings`) passed down.
"""

__version__ = "0.1.0"
