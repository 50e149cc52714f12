"""Autograder for the `nn_intro` assignment ("Introduction to neural networks").

The data flows one way: load the submission (`load`) -> run the declared checks (`checks`,
`run`) -> score them per part (`score`) -> report (`report`). `cli` maps the command line's
verbs onto that pipeline; `notebook` and `pytest_plugin` run the same checks inside nbgrader's
test cells and inside the students' `pytest`.
"""

ASSIGNMENT = "nn_intro"
__version__ = "0.1.0"
