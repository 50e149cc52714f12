"""The check catalogue as a Markdown table (docs/checks.md holds its output; a test compares)."""

from __future__ import annotations

from ..checks import CHECKS, PARTS, number, part_points
from .text import points


def markdown() -> str:
    lines = []
    for part, title in PARTS.items():
        lines += [f"### Part {part} — {title} ({points(part_points(part))} points)", "",
                  "| # | Check | Points | Visibility | Lecture step |",
                  "|---|---|---|---|---|"]
        for c in (c for c in CHECKS if c.part == part):
            lines.append(f"| {number(c)} | {c.title} | {points(c.points)} | {c.visibility} | "
                         f"{c.lecture} |")
        lines.append("")
    return "\n".join(lines)
