"""Autograder for the `nn_intro` assignment ("Introduction to neural networks").

The data flows one way: load the submission (`load`, sandboxed by `isolated`) -> run the
declared checks (`checks`, `run`) -> name the misconceptions behind failures (`diagnosis`,
with the catalogue `misconceptions` loads) -> score them per part (`score`) -> report
(`report`: text, results.json, the feedback report with `figures`). `cli` maps the command
line's verbs onto that pipeline (`batch` and `distributed` for many submissions, `validate`
and `mutation` for checking the grader itself); `notebook` and `pytest_plugin` run the same
checks inside nbgrader's test cells and inside the students' `pytest`.
"""

ASSIGNMENT = "nn_intro"
__version__ = "0.1.0"
