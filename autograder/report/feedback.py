"""The feedback report for one submission: Markdown (with SVG files beside it) and one
self-contained HTML page. Both say the same: the per-part table, each check that did not pass
with its message and diagnosis, and the pictures (`figures.py`).

Every piece of text that came from the student's code (values, error messages, type names) is
escaped: in HTML by `html.escape`, in Markdown by quoting it in a code span or block.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from ..files import atomic_write
from ..grade import UNREADABLE, Grading
from ..run import HIDDEN_PENDING, PASSED, CheckResult
from ..score import by_part, total
from .svg import chart
from .text import points

STEM = "feedback"
DIAGNOSIS = "Likely misconception: "


def _not_passed(grading: Grading) -> list[CheckResult]:
    return [r for r in grading.results
            if r.status not in (PASSED, HIDDEN_PENDING) and r.score < r.max_score]


def _pending_note(grading: Grading) -> str:
    """Students' local report: the hidden checks' points, which only grading can award."""
    pending = sum(r.max_score for r in grading.results if r.status == HIDDEN_PENDING)
    return (f"Hidden checks worth {points(pending)} points (random inputs, comparisons with the "
            "reference) run when your work is graded." if pending else "")


def _fence(text: str) -> str:
    """A Markdown code block that no backtick run inside `text` can close."""
    ticks = "`" * max(3, max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
    return f"{ticks}\n{text}\n{ticks}"


def markdown(grading: Grading, stem: str = STEM) -> str:
    score, max_score = total(grading.results)
    out = [f"# nn_intro feedback: `{grading.submission}`", "",
           f"**{points(score)} / {points(max_score)} points.**", ""]
    if grading.status == UNREADABLE:
        out += ["Not graded:", "", _fence(grading.reason), ""]
    if grading.problems:
        out += ["While loading your code:", "", _fence("\n".join(grading.problems)), ""]
    out += ["| Part | Title | Points |", "|---:|---|---:|"]
    out += [f"| {p.part} | {p.title} | {points(p.score)} / {points(p.max_score)} |"
            for p in by_part(grading.results)]
    out += [f"| | **Total** | **{points(score)} / {points(max_score)}** |", ""]
    if _pending_note(grading):
        out += [_pending_note(grading), ""]
    failed = _not_passed(grading)
    if failed:
        out += ["## Checks that did not pass", ""]
    first: dict[str, str] = {}
    for r in failed:
        out += [f"### [{r.number}] {r.title} ({points(r.score)} / {points(r.max_score)}, "
                f"{r.status})", ""]
        message, diagnosis, rest = _split(r.output)
        out += [_fence(message), ""]
        if r.diagnosis in first:
            out += [f"> **Likely misconception:** {_title(diagnosis)}: see "
                    f"[{first[r.diagnosis]}] above.", ""]
            continue
        if diagnosis:
            first[r.diagnosis] = r.number
            out += [f"> **Likely misconception:** {diagnosis}", ""]
        out += [f"{line}  " for line in rest] + [""]
    if grading.figures:
        out += ["## Pictures", ""]
    for figure in grading.figures:
        out += [f"![{figure.title}]({stem}-{figure.name}.svg)", "", figure.caption, ""]
    return "\n".join(out)


def _title(diagnosis: str) -> str:
    """The misconception's name: the diagnosis line up to its first full stop."""
    return diagnosis.split(". ", 1)[0]


def _split(output: str) -> tuple[str, str, list[str]]:
    """A check's output as (what happened, the diagnosis, the Lecture/Hint lines)."""
    lines = output.splitlines()
    tail = [i for i, line in enumerate(lines)
            if line.startswith(("Lecture: ", "Hint: ", DIAGNOSIS))]
    cut = tail[0] if tail else len(lines)
    diagnosis = next((line[len(DIAGNOSIS):] for line in lines[cut:]
                      if line.startswith(DIAGNOSIS)), "")
    rest = [line for line in lines[cut:] if not line.startswith(DIAGNOSIS)]
    return "\n".join(lines[:cut]), diagnosis, rest


STYLE = """
body { font-family: system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem;
       color: #222; line-height: 1.45; }
table { border-collapse: collapse; margin: 1rem 0; }
td, th { border-bottom: 1px solid #ddd; padding: .3rem .8rem; text-align: left; }
td.points { text-align: right; font-variant-numeric: tabular-nums; }
tr.lost td { background: #fff4f4; }
pre { background: #f6f6f6; padding: .6rem; white-space: pre-wrap; word-break: break-word; }
.diagnosis { border-left: 4px solid #d62728; background: #fff7e6; padding: .5rem .8rem; }
figure { margin: 1.5rem 0; } figcaption { color: #555; font-size: .9rem; }
"""


def html(grading: Grading) -> str:
    score, max_score = total(grading.results)
    title = f"nn_intro feedback: {grading.submission}"
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
           f"<h1>{escape(title)}</h1>",
           f"<p><strong>{points(score)} / {points(max_score)} points.</strong></p>"]
    if grading.status == UNREADABLE:
        out.append(f"<p>Not graded:</p><pre>{escape(grading.reason)}</pre>")
    if grading.problems:
        out.append("<p>While loading your code:</p>"
                   f"<pre>{escape(chr(10).join(grading.problems))}</pre>")
    out.append("<table><tr><th>Part</th><th>Title</th><th>Points</th></tr>")
    for p in by_part(grading.results):
        lost = ' class="lost"' if p.score < p.max_score else ""
        out.append(f"<tr{lost}><td>{p.part}</td><td>{escape(p.title)}</td>"
                   f'<td class="points">{points(p.score)} / {points(p.max_score)}</td></tr>')
    out.append(f'<tr><td></td><td><strong>Total</strong></td><td class="points"><strong>'
               f"{points(score)} / {points(max_score)}</strong></td></tr></table>")
    if _pending_note(grading):
        out.append(f"<p>{escape(_pending_note(grading))}</p>")
    failed = _not_passed(grading)
    if failed:
        out.append("<h2>Checks that did not pass</h2>")
    first: dict[str, str] = {}
    for r in failed:
        message, diagnosis, rest = _split(r.output)
        out.append(f'<section id="check-{escape(r.number)}"><h3>[{escape(r.number)}] '
                   f"{escape(r.title)} ({points(r.score)} / {points(r.max_score)}, "
                   f"{escape(r.status)})</h3><pre>{escape(message)}</pre>")
        if r.diagnosis in first:
            seen = escape(first[r.diagnosis])
            out.append(f'<p class="diagnosis"><strong>Likely misconception:</strong> '
                       f'{escape(_title(diagnosis))}: see <a href="#check-{seen}">[{seen}]</a> '
                       "above.</p></section>")
            continue
        if diagnosis:
            first[r.diagnosis] = r.number
            out.append(f'<p class="diagnosis"><strong>Likely misconception:</strong> '
                       f"{escape(diagnosis)}</p>")
        out += [f"<p>{escape(line)}</p>" for line in rest]
        out.append("</section>")
    if grading.figures:
        out.append("<h2>Pictures</h2>")
    for figure in grading.figures:
        out.append(f"<figure>{chart(figure)}<figcaption>{escape(figure.caption)}</figcaption>"
                   "</figure>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def files(grading: Grading, stem: str = STEM) -> dict[str, str]:
    """The report as {file name: text}: the Markdown's SVG files, <stem>.md, <stem>.html."""
    out = {f"{stem}-{figure.name}.svg": chart(figure) + "\n" for figure in grading.figures}
    out[f"{stem}.md"] = markdown(grading, stem) + "\n"
    out[f"{stem}.html"] = html(grading)
    return out


def write(grading: Grading, folder: Path, stem: str = STEM) -> Path:
    """Write the report's files into `folder`; returns the HTML page's path."""
    for name, text in files(grading, stem).items():
        atomic_write(Path(folder) / name, text)
    return Path(folder) / f"{stem}.html"
