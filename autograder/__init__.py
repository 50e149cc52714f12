"""An auto-graded coursework engine: it knows no lecture; each assignment is a package that
declares itself (`grading.assignment.Assignment`) and registers under its name, and speaks to
the engine through `authoring` alone.

The folders say what each part is: `submission` (a submission's cells and the operations on
its code, plain data back), `sandbox` (the walls and the worker that runs it), `grading` (the
pipeline: run the declared checks, carry an earlier error forward, withhold unearned points,
name misconceptions, score), `instructor` (batches, cohorts, similarity, LMS export, bundles,
validation, scaffolding), `report` (renderers), and the front ends: `cli`, and `notebook`,
`pytest_plugin` and `nbgrading`, which other programs name by path. Data flows one way (load
-> checks -> score -> diagnose -> render); results are plain data (`grading.results`) until
a reporter writes them; settings are one value (`grading.settings.Settings`) passed down.
"""

__version__ = "0.1.0"
