"""nbgrader's configuration for this course, read from the repository's root.

`solutions/` is nbgrader's source directory (the instructor's notebooks, with solutions and
hidden tests) and `assignments/` its release directory (what students get). Regenerate the
release after editing the source with:

    nbgrader generate_assignment nn_intro --force
"""

c = get_config()  # noqa: F821 - provided by nbgrader

c.CourseDirectory.course_id = "nn_intro_course"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "assignments"

# What replaces each solution region in the student's copy.
c.ClearSolutions.code_stub = {
    "python": '# YOUR CODE HERE\n'
              'raise NotImplementedError("Write this part: the docstring above says what it '
              'takes and returns, and which step of the lecture it follows.")',
}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Before grading, the student's cells are made what the gradebook says they are, whatever the
# student did to them in Jupyter (autograder/nbgrading.py): a copied cell, a deleted test cell
# or an edited grade id costs that student nothing and never stops the run.
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "autograder.nbgrading.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "autograder.nbgrading.RestoreTestCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# `nbgrader autograde` grades each notebook as `autograder grade` does, in the kit's sandbox,
# instead of running it in a kernel as the instructor (autograder/nbgrading.py): nbgrader keeps
# restoring the test cells, saving their points, late penalties, feedback and export.
c.Autograde.autograde_preprocessors = [
    "autograder.nbgrading.GradeInSandbox",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# Where a kernel does run the notebook (students' `nbgrader validate`, or an instructor who
# takes `Execute` back above), a time limit per cell (seconds).
c.ExecutePreprocessor.timeout = 60
c.Execute.timeout = 60

# The catalogue of misconceptions sits beside the source notebook: it is made of edits of the
# reference's code, so it is as hidden as the reference and must never reach the release.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback",
                            "pytest-report", "misconceptions.py"]

# The kit's report (its table, the misconception it names, the loss curve) goes at the top of
# each graded notebook, so nbgrader's feedback page delivers it; False leaves nbgrader's page
# as nbgrader makes it.
c.GradeInSandbox.report = True
