"""An assignment's check catalogue as a Markdown table (each assignment's docs page holds its
output; a test compares)."""

from __future__ import annotations

from .text import points


def markdown(assignment) -> str:
    lines = []
    for part, title in assignment.parts.items():
        lines += [f"### Part {part} — {title} ({points(assignment.part_points(part))} points)",
                  "", "| # | Check | Points | Visibility | Lecture step |", "|---|---|---|---|---|"]
        for c in (c for c in assignment.checks if c.part == part):
            lines.append(f"| {c.number} | {c.title} | {points(c.points)} | {c.visibility} | "
                         f"{c.lecture} |")
        lines.append("")
    return "\n".join(lines)
