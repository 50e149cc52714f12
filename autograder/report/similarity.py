"""The similarity report: a CSV of every pair, and an HTML page showing the pairs at or above
the threshold side by side with their matching regions marked. Student names and code are
escaped for where they go (HTML, a spreadsheet cell)."""

from __future__ import annotations

import csv
import io
from html import escape

import numpy as np

from .escape import csv_cell

SHOWN = 50            # pairs shown side by side at most (a shared template can put hundreds
                      # of pairs above the threshold; the CSV has them all)
COLUMNS = ["rank", "student_a", "student_b", "similarity", "share_a", "share_b",
           "matching_characters", "above_threshold"]

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; max-width: 110em; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.7em; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 1em; }
pre { background: #f7f7f7; padding: 0.7em; overflow-x: auto; font-size: 0.85em;
      max-height: 40em; overflow-y: auto; white-space: pre-wrap; }
mark { background: #ffd866; }
.note { color: #555; }
"""


def _percent(x: float) -> str:
    return f"{100 * x:.0f}%"


def csv_text(pairs) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for rank, p in enumerate(pairs, 1):
        writer.writerow([rank, csv_cell(p.a), csv_cell(p.b), f"{p.score:.3f}",
                         f"{p.share_a:.3f}", f"{p.share_b:.3f}", p.tokens,
                         "yes" if p.above else "no"])
    return out.getvalue()


def _marked(text: str, slices) -> str:
    from copydetect.utils import highlight_overlap
    if slices is None or np.size(slices) == 0:
        return escape(text)
    marked, _ = highlight_overlap(text, slices, "<mark>", "</mark>", escape_html=True)
    return marked


def html_text(pairs, codes, threshold: float, title: str) -> str:
    text = {c.student: c.text for c in codes}
    above = [p for p in pairs if p.above]
    out = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
           f"<title>Similarity — {escape(title)}</title><style>{STYLE}</style></head><body>",
           f"<h1>Similarity — {escape(title)}</h1>",
           "<p class='note'>Pairs ranked by how much of one student's code the other's also "
           "holds, after renaming every identifier and dropping comments, whitespace and the "
           "code of the release. A high rank is a reason to read both submissions, not a "
           "verdict.</p>",
           f"<p>{len(codes)} students, {len(pairs)} pairs compared, {len(above)} at or above "
           f"{_percent(threshold)}.</p>"]
    left_out = [c for c in codes if c.note]
    if left_out:
        out.append("<h2>Not compared, or not in full</h2><ul>")
        out += [f"<li>{escape(c.student)}: {escape(c.note)}</li>" for c in left_out]
        out.append("</ul>")
    out.append("<h2>Ranking</h2><table><tr><th>#</th><th>student</th><th>student</th>"
               "<th>similarity</th><th>share of the first</th><th>share of the second</th></tr>")
    for rank, p in enumerate(pairs[:100], 1):
        name = f"<a href='#pair-{rank}'>{rank}</a>" if p.above else str(rank)
        out.append(f"<tr><td class='n'>{name}</td><td>{escape(p.a)}</td><td>{escape(p.b)}</td>"
                   f"<td class='n'>{_percent(p.score)}</td><td class='n'>{_percent(p.share_a)}"
                   f"</td><td class='n'>{_percent(p.share_b)}</td></tr>")
    out.append("</table>")
    if len(above) > SHOWN:
        out.append(f"<p class='note'>The first {SHOWN} pairs at or above the threshold are "
                   "shown below; every pair is in similarity.csv.</p>")
    if len(pairs) > 100:
        out.append(f"<p class='note'>The other {len(pairs) - 100} pairs are in "
                   "similarity.csv.</p>")
    for rank, p in enumerate(pairs, 1):
        if not p.above or rank > SHOWN:
            break
        out.append(f"<h2 id='pair-{rank}'>{rank}. {escape(p.a)} and {escape(p.b)}: "
                   f"{_percent(p.score)}</h2><div class='pair'>")
        for name, share, slices in ((p.a, p.share_a, p.slices_a), (p.b, p.share_b, p.slices_b)):
            out.append(f"<div><h3>{escape(name)} ({_percent(share)} shared)</h3>"
                       f"<pre>{_marked(text[name], slices)}</pre></div>")
        out.append("</div>")
    out.append("</body></html>")
    return "\n".join(out)

