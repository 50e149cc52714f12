"""Gradescope's results.json (https://gradescope-autograders.readthedocs.io/en/latest/specs/)."""

from __future__ import annotations

import json
from pathlib import Path

from ..grading.results import Grading, explained_earlier
from ..grading.score import total
from ..submission.files import atomic_write
from .escape import terminal
from .feedback import STEM, check_markdown, overview_markdown

REPORT = (f"The full report, with the pictures of your functions and of your training, is "
          f"`{STEM}.html`, written beside this results.json.")


def _test_output(r, seen: str | None) -> str:
    return terminal("\n".join(check_markdown(r, seen)).strip())


def results_json(grading: Grading, hidden_visibility: str = "visible",
                 report_beside: bool = False) -> dict:
    """Every text field is Markdown (`output_format`): the submission's own words sit in code
    blocks, so nothing it says is read as Markdown or HTML. `report_beside`: the feedback
    report is written next to this file (the top-level output then says so)."""
    score, max_score = total(grading.results)
    seen = explained_earlier(grading.results)
    return {
        "score": score,
        "max_score": max_score,
        "output": terminal("\n".join(overview_markdown(grading)
                                      + ([REPORT] if report_beside else []))),
        "output_format": "md",
        "test_output_format": "md",
        "tests": [
            {
                "name": r.title,
                "number": r.number,
                "score": r.score,
                "max_score": r.max_score,
                "output": _test_output(r, seen.get(r.number)),
                "output_format": "md",
                "visibility": hidden_visibility if r.visibility == "hidden" else "visible",
                "tags": [f"part {r.part}", r.visibility, r.status],
                **({"extra_data": {"misconception": r.diagnosis,
                                   "misconception_title": r.misconception.title}}
                   if r.diagnosis else {}),
            }
            for r in grading.results
        ],
    }


def text(grading: Grading, hidden_visibility: str = "visible",
         report_beside: bool = False) -> str:
    return json.dumps(results_json(grading, hidden_visibility, report_beside), indent=2,
                      ensure_ascii=False) + "\n"


def write(grading: Grading, path: Path, hidden_visibility: str = "visible",
          report_beside: bool = False) -> None:
    """Write results.json atomically: a reader never sees half a file."""
    atomic_write(path, text(grading, hidden_visibility, report_beside))
