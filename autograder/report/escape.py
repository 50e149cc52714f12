"""Text that came from a submission, made safe for where it goes.

A submission chooses the messages of its exceptions, the names of its classes and files, and
what it prints; any of it can end up in a report. Each destination has its own function here:

- `clean`: any text the grader keeps. Lone surrogates (which no UTF-8 file can hold) become
  U+FFFD, and the text is cut at `limit` characters, saying so.
- `terminal`: text printed on the instructor's or student's terminal. Control characters
  (ANSI escape sequences, carriage returns, backspaces) and the Unicode controls that reorder
  text on screen are shown as visible escapes (`\\x1b`), so nothing can draw a fake line.
- `csv_cell`: a spreadsheet cell. A value that starts like a formula (`=`, `+`, `-`, `@`, tab,
  carriage return) is prefixed with a quote, so a spreadsheet shows it instead of running it.
- HTML uses `html.escape`; Markdown puts student text in code spans and fences
  (`report/feedback.py`).
"""

from __future__ import annotations

import re

# C0 and C1 control characters but newline and tab; the bidirectional and zero-width
# formatting characters that make a terminal or editor show text other than what it is.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e"
                      "\u2060-\u2069\ufeff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def clean(text, limit: int | None = None) -> str:
    """`text` as a string any UTF-8 file can hold, at most `limit` characters long."""
    text = _SURROGATE.sub("\ufffd", str(text))
    if limit is not None and len(text) > limit:
        cut = len(text) - limit
        text = f"{text[:limit]} … ({cut:,} more characters not shown)"
    return text


def terminal(text) -> str:
    """`text` with every control character shown as a visible escape (newlines and tabs kept)."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"),
                        clean(text))


def csv_cell(value):
    """A gradebook value a spreadsheet shows as text (numbers pass through unchanged)."""
    if not isinstance(value, str):
        return value
    value = clean(value)
    return "'" + value if value.startswith(FORMULA_START) else value
