"""Gradescope's results.json (https://gradescope-autograders.readthedocs.io/en/latest/specs/)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from ..grade import Grading
from ..score import total
from .text import summary

def results_json(grading: Grading, hidden_visibility: str = "visible") -> dict:
    score, max_score = total(grading.results)
    return {
        "score": score,
        "max_score": max_score,
        "output": summary(grading, details=False),
        "tests": [
            {
                "name": r.title,
                "number": r.number,
                "score": r.score,
                "max_score": r.max_score,
                "output": r.output,
                "visibility": hidden_visibility if r.visibility == "hidden" else "visible",
                "tags": [f"part {r.part}", r.visibility, r.status],
            }
            for r in grading.results
        ],
    }


def write(grading: Grading, path: Path, hidden_visibility: str = "visible") -> None:
    """Write results.json atomically: a reader never sees half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results_json(grading, hidden_visibility), indent=2, ensure_ascii=False)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text + "\n")
    os.replace(tmp, path)
