"""The feedback report for one submission: Markdown (with SVG files beside it) and one
self-contained HTML page. Both say the same: the per-part table, each check that did not pass
with its message and diagnosis, and the pictures (`figures.py`).

Results arrive structured (`run.CheckResult`): the message, which may quote the submission, is
kept apart from the lecture step, the hint and the misconception, which are the kit's own.
Every piece of text that came from the student's code (values, error messages, type names,
the file's name) is escaped: in HTML by `html.escape`, in Markdown by quoting it in a code span
or block.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from ..grading.results import (
    HIDDEN_PENDING,
    NOT_IMPLEMENTED,
    NOT_RUN,
    PASSED,
    UNREADABLE,
    CheckResult,
    Grading,
    carried,
    explained_earlier,
)
from ..grading.score import by_part, total
from ..submission.files import atomic_write
from .escape import clean
from .svg import chart
from .text import CARRIED, points

STEM = "feedback"


def _not_passed(grading: Grading) -> list[CheckResult]:
    """The checks to explain: those that lost points, and self-checks (worth none) that
    failed, whose message is often the clearest pointer to the mistake."""
    return [r for r in grading.results
            if r.status not in (PASSED, HIDDEN_PENDING) and (r.score < r.max_score
                                                              or not r.max_score)]


def _pending_note(grading: Grading) -> str:
    """Students' local report: the hidden checks' points, which only grading can award."""
    pending = sum(r.max_score for r in grading.results if r.status == HIDDEN_PENDING)
    return (f"Hidden checks worth {points(pending)} points (random inputs, comparisons with the "
            "reference) run when your work is graded." if pending else "")


def _fence(text: str) -> str:
    """A Markdown code block that no backtick run inside `text` can close."""
    ticks = "`" * max(3, max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
    return f"{ticks}\n{text}\n{ticks}"


def _code(text: str) -> str:
    """An inline Markdown code span that no backtick inside `text` can close."""
    text = " ".join(text.split())
    ticks = "`" * (max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""   # CommonMark strips it
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _guidance(r: CheckResult) -> list[tuple[str, str]]:
    """The (label, text) lines after the message: the lecture step and the hint, the
    misconception's own when one explains the failure. Text of the kit's, never a submission's."""
    found = r.misconception
    lecture, hint = (found.lecture, found.hint) if found else (r.lecture, r.hint)
    if r.status in (NOT_IMPLEMENTED, NOT_RUN):
        hint = ""
    return [(label, text) for label, text in (("Lecture", lecture), ("Hint", hint)) if text]


def overview_markdown(grading: Grading) -> list[str]:
    """The score, why a submission was not (fully) graded, and the per-part table."""
    score, max_score = total(grading.results)
    out = [f"**{points(score)} / {points(max_score)} points.**", ""]
    if grading.status == UNREADABLE:
        out += ["Not graded:", "", _fence(grading.reason), ""]
    elif grading.reason:
        out += ["Graded in part:", "", _fence(grading.reason), ""]
    if grading.problems:
        out += ["While loading your code:", "", _fence("\n".join(grading.problems)), ""]
    out += ["| Part | Title | Points |", "|---:|---|---:|"]
    out += [f"| {p.part} | {p.title} | {points(p.score)} / {points(p.max_score)} |"
            for p in by_part(grading.results, grading.parts)]
    out += [f"| | **Total** | **{points(score)} / {points(max_score)}** |", ""]
    if _pending_note(grading):
        out += [_pending_note(grading), ""]
    return out


def check_markdown(r: CheckResult, seen: str | None = None) -> list[str]:
    """One check's feedback: its message (the submission's words, in a code block), the
    misconception that explains it, the lecture step and the hint. `seen`: the number of an
    earlier check already explaining the same misconception."""
    lead = {PASSED: "Passed.", HIDDEN_PENDING: "Hidden check: runs when your submission is "
            "graded.", NOT_IMPLEMENTED: "Not implemented yet:", NOT_RUN: "Not run:"}
    out = [lead[r.status], ""] if r.status in lead else []
    out += [_fence(r.message), ""] if r.message else []
    if r.status == PASSED:          # carried forward: nothing to fix here
        return out
    if seen:
        return out + [f"> **Likely misconception: {r.misconception.title}**: see [{seen}].",
                      ""]
    if r.misconception:
        out += [f"> **Likely misconception: {r.misconception.title}.** "
                f"{r.misconception.likely}", ""]
    return out + [f"{label}: {text}  " for label, text in _guidance(r)] + [""]


def markdown(grading: Grading, stem: str = STEM) -> str:
    out = [f"# {grading.assignment} feedback: {_code(grading.submission)}", ""]
    out += overview_markdown(grading)
    failed = _not_passed(grading)
    if failed:
        out += ["## Checks that did not pass", ""]
    seen = explained_earlier(grading.results)
    for r in failed:
        out += [f"### [{r.number}] {r.title} ({points(r.score)} / {points(r.max_score)}, "
                f"{r.status})", ""]
        out += check_markdown(r, seen.get(r.number))
    if carried(grading.results):
        out += [f"## {CARRIED}", ""]
        out += [f"* [{r.number}] {r.title} ({points(r.score)} / {points(r.max_score)}): "
                f"{r.message}." for r in carried(grading.results)] + [""]
    if grading.figures:
        out += ["## Pictures", ""]
    for figure in grading.figures:
        out += [f"![{figure.title}]({stem}-{figure.name}.svg)", "", figure.caption, ""]
    return "\n".join(out)


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
    title = f"{grading.assignment} feedback: {clean(grading.submission)}"
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
           f"<h1>{escape(title)}</h1>",
           f"<p><strong>{points(score)} / {points(max_score)} points.</strong></p>"]
    if grading.status == UNREADABLE:
        out.append(f"<p>Not graded:</p><pre>{escape(grading.reason)}</pre>")
    elif grading.reason:
        out.append(f"<p>Graded in part:</p><pre>{escape(grading.reason)}</pre>")
    if grading.problems:
        out.append("<p>While loading your code:</p>"
                   f"<pre>{escape(chr(10).join(grading.problems))}</pre>")
    out.append("<table><tr><th>Part</th><th>Title</th><th>Points</th></tr>")
    failing = {r.part for r in _not_passed(grading)}    # not the points waiting for grading
    for p in by_part(grading.results, grading.parts):
        lost = ' class="lost"' if p.part in failing else ""
        out.append(f"<tr{lost}><td>{p.part}</td><td>{escape(p.title)}</td>"
                   f'<td class="points">{points(p.score)} / {points(p.max_score)}</td></tr>')
    out.append(f'<tr><td></td><td><strong>Total</strong></td><td class="points"><strong>'
               f"{points(score)} / {points(max_score)}</strong></td></tr></table>")
    if _pending_note(grading):
        out.append(f"<p>{escape(_pending_note(grading))}</p>")
    failed = _not_passed(grading)
    if failed:
        out.append("<h2>Checks that did not pass</h2>")
    explained = explained_earlier(grading.results)
    for r in failed:
        out.append(f'<section id="check-{escape(r.number)}"><h3>[{escape(r.number)}] '
                   f"{escape(r.title)} ({points(r.score)} / {points(r.max_score)}, "
                   f"{escape(r.status)})</h3><pre>{escape(r.message)}</pre>")
        seen = explained.get(r.number)
        if seen:
            out.append(f'<p class="diagnosis"><strong>Likely misconception:</strong> '
                       f'{escape(r.misconception.title)}: see <a href="#check-{escape(seen)}">'
                       f"[{escape(seen)}]</a>.</p></section>")
            continue
        if r.misconception:
            out.append(f'<p class="diagnosis"><strong>Likely misconception:</strong> '
                       f"{escape(r.misconception.title)}. {escape(r.misconception.likely)}</p>")
        out += [f"<p>{label}: {escape(text)}</p>" for label, text in _guidance(r)]
        out.append("</section>")
    if carried(grading.results):
        out.append(f"<h2>{escape(CARRIED)}</h2><ul>")
        out += [f"<li>[{escape(r.number)}] {escape(r.title)} ({points(r.score)} / "
                f"{points(r.max_score)}): {escape(r.message)}.</li>"
                for r in carried(grading.results)]
        out.append("</ul>")
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
    """Write the report's files into `folder`, removing pictures of an earlier report that
    this one no longer has (a fixed activation's plot); returns the HTML page's path."""
    written = files(grading, stem)
    for name, text in written.items():
        atomic_write(Path(folder) / name, text)
    for old in Path(folder).glob(f"{stem}-*.svg"):
        if old.name not in written:
            old.unlink(missing_ok=True)
    return Path(folder) / f"{stem}.html"
