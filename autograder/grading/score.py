"""Totals per part and overall, from check results."""

from __future__ import annotations

from dataclasses import dataclass

from .results import CheckResult


@dataclass
class PartScore:
    part: int
    title: str
    score: float
    max_score: float


def by_part(results: list[CheckResult], parts: dict[int, str]) -> list[PartScore]:
    """Each part's points, in the order of `parts` (part number -> title)."""
    return [PartScore(part, title,
                      sum(r.score for r in results if r.part == part),
                      sum(r.max_score for r in results if r.part == part))
            for part, title in parts.items()]


def total(results: list[CheckResult]) -> tuple[float, float]:
    return sum(r.score for r in results), sum(r.max_score for r in results)
