"""The cohort report: `cohort.md` (with its SVG charts beside it) and one self-contained
`cohort.html`. For the instructor's eyes: it names students. Names and reasons come from
submissions (file names, error messages) and are escaped for where they go."""

from __future__ import annotations

from html import escape
from statistics import mean, median

from ..instructor.cohort import Cohort
from .feedback import _code
from .svg import bars
from .text import points

STEM = "cohort"
BINS = 10


def _histogram(c: Cohort) -> tuple[list[str], list[float]]:
    """How many students scored in each tenth of the maximum (the last bin holds full marks)."""
    counts = [0] * BINS
    top = c.max_score or 1.0
    for total in c.totals.values():
        counts[min(BINS - 1, max(0, int(total / top * BINS)))] += 1
    width = top / BINS
    labels = [f"{points(round(i * width, 1))}–" for i in range(BINS)]
    labels[-1] += points(top)                    # the last tenth holds full marks
    return labels, [float(n) for n in counts]


def charts(c: Cohort) -> dict[str, str]:
    """{name: SVG}: the score histogram, the mean share of each part, each check's pass rate."""
    labels, counts = _histogram(c)
    parts = [p for p in c.parts if c.part_max.get(p)]
    part_share = [100 * mean(c.part_points[p]) / c.part_max[p] if c.part_points[p] else 0.0
                  for p in parts]
    rates = [100 * r.passed / r.graded if r.graded else 0.0 for r in c.checks]
    return {
        "scores": bars(f"Total scores ({len(c.totals)} graded)", labels, counts, "students"),
        "parts": bars("Points per part (mean, % of the part)", [f"Part {p}" for p in parts],
                      part_share, "% of the part's points", y_max=100.0,
                      caption_each=[f"Part {p}, {c.parts[p]}: {s:.0f}%"
                                    for p, s in zip(parts, part_share)]),
        "checks": bars("Pass rate per check", [r.number for r in c.checks], rates,
                       "% of students", y_max=100.0,
                       caption_each=[f"[{r.number}] {r.title}: {r.passed} of {r.graded}"
                                     for r in c.checks]),
    }


def _summary(c: Cohort) -> str:
    totals = list(c.totals.values())
    if not totals:
        return f"{c.students} students; none graded."
    return (f"{c.students} students, {len(totals)} graded: median {points(median(totals))}, "
            f"mean {points(round(mean(totals), 1))} of {points(c.max_score)}; "
            f"{sum(t == c.max_score for t in totals)} with full marks, "
            f"{sum(t == 0 for t in totals)} with none.")


def _hardest(c: Cohort) -> list:
    """Lowest pass rate first; ties in the assignment's order."""
    order = {r.number: i for i, r in enumerate(c.checks)}
    return sorted((r for r in c.checks if r.graded),
                  key=lambda r: (r.passed / r.graded, order[r.number]))


def _cell(text: str) -> str:
    """Text for a Markdown table cell: a '|' would end the cell."""
    return str(text).replace("|", "\\|")


def markdown(c: Cohort, stem: str = STEM) -> str:
    out = [f"# {c.assignment}: what the cohort got wrong", "", _summary(c), "",
           "For the instructor: this report names students.", "",
           f"![scores]({stem}-scores.svg)", "", f"![parts]({stem}-parts.svg)", "",
           "## Points per part", "", "| Part | Title | Mean | Median | Of |", "|---:|---|---:|---:|---:|"]
    for p, title in c.parts.items():
        got = c.part_points.get(p) or [0.0]
        out.append(f"| {p} | {_cell(title)} | {points(round(mean(got), 1))} | "
                   f"{points(median(got))} | {points(c.part_max.get(p, 0))} |")
    out += ["", "## Misconceptions, by how many students show each", ""]
    if not c.misconceptions:
        out.append("The diagnosis named none.")
    for s in c.misconceptions:
        out.append(f"* **{len(s.students)}** — part {s.part}: {s.title} (`{s.id}`): "
                   + ", ".join(_code(name) for name in s.students))
    out += ["", "## Checks, hardest first", "", f"![checks]({stem}-checks.svg)", "",
            "| Check | Title | Passed |", "|---|---|---:|"]
    out += [f"| {r.number} | {_cell(r.title)} | {r.passed} of {r.graded} |" for r in _hardest(c)]
    out += ["", "## Slowest gradings", ""]
    out += [f"* {_code(name)}: {seconds:.1f} s" for name, seconds in c.slowest] or ["None timed."]
    out += ["", "## Not graded, or not fully", ""]
    out += [f"* {_code(name)}: {status}" + (f": {_code(reason)}" if reason else "")
            for name, status, reason in c.failed] or ["None."]
    return "\n".join(out) + "\n"


STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #222; line-height: 1.45; }
table { border-collapse: collapse; margin: 1rem 0; }
td, th { border-bottom: 1px solid #ddd; padding: .3rem .8rem; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.names { color: #555; font-size: .9rem; }
.charts svg { max-width: 100%; height: auto; }
"""


def html(c: Cohort) -> str:
    drawn = charts(c)
    title = f"{c.assignment}: what the cohort got wrong"
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
           f"<h1>{escape(title)}</h1>", f"<p>{escape(_summary(c))}</p>",
           "<p><em>For the instructor: this report names students.</em></p>",
           f'<div class="charts">{drawn["scores"]}{drawn["parts"]}</div>',
           "<h2>Points per part</h2><table><tr><th>Part</th><th>Title</th><th>Mean</th>"
           "<th>Median</th><th>Of</th></tr>"]
    for p, part_title in c.parts.items():
        got = c.part_points.get(p) or [0.0]
        out.append(f'<tr><td>{p}</td><td>{escape(part_title)}</td><td class="n">'
                   f'{points(round(mean(got), 1))}</td><td class="n">{points(median(got))}</td>'
                   f'<td class="n">{points(c.part_max.get(p, 0))}</td></tr>')
    out.append("</table><h2>Misconceptions, by how many students show each</h2>")
    if not c.misconceptions:
        out.append("<p>The diagnosis named none.</p>")
    else:
        out.append("<table><tr><th>Students</th><th>Part</th><th>Misconception</th></tr>")
        for s in c.misconceptions:
            out.append(f'<tr><td class="n">{len(s.students)}</td><td>{s.part}</td><td>'
                       f"{escape(s.title)} <code>{escape(s.id)}</code><div class=\"names\">"
                       f"{escape(', '.join(s.students))}</div></td></tr>")
        out.append("</table>")
    out.append(f'<h2>Checks, hardest first</h2><div class="charts">{drawn["checks"]}</div>'
               "<table><tr><th>Check</th><th>Title</th><th>Passed</th></tr>")
    out += [f'<tr><td>{escape(r.number)}</td><td>{escape(r.title)}</td><td class="n">'
            f"{r.passed} of {r.graded}</td></tr>" for r in _hardest(c)]
    out.append("</table><h2>Slowest gradings</h2><ul>")
    out += [f"<li>{escape(name)}: {seconds:.1f} s</li>" for name, seconds in c.slowest]
    out.append("</ul><h2>Not graded, or not fully</h2><ul>")
    out += [f"<li>{escape(name)}: {escape(status)}" + (f": {escape(reason)}" if reason else "")
            + "</li>" for name, status, reason in c.failed] or ["<li>None.</li>"]
    out.append("</ul></body></html>")
    return "\n".join(out) + "\n"


def files(c: Cohort, stem: str = STEM) -> dict[str, str]:
    out = {f"{stem}-{name}.svg": svg + "\n" for name, svg in charts(c).items()}
    out[f"{stem}.md"] = markdown(c, stem)
    out[f"{stem}.html"] = html(c)
    return out
