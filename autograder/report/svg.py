"""A line chart as a small, self-contained SVG (no plotting library: nothing to install in the
grading image, nothing slow to import, and the HTML report stays one file)."""

from __future__ import annotations

import math
from html import escape

from ..grading.results import Figure, drawable

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 640, 360, 70, 20, 36, 64
MAX_POINTS = 1000       # a series longer than this is drawn from every k-th point
COLOURS = ("#d62728", "#1f77b4", "#2ca02c")
DASHES = ("", "6 4", "2 3")


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    raw = (high - low) / count
    if not raw > 0 or not math.isfinite(raw):
        return [low]
    step = 10 ** math.floor(math.log10(raw))
    step *= next(m for m in (1, 2, 5, 10) if m * step >= raw)
    first = math.ceil(low / step) * step
    return [first + i * step for i in range(int((high - first) / step + 1e-9) + 1)]


def _labels(ticks: list[float], least: int = 3) -> list[str]:
    """Tick labels with the fewest significant digits (at least `least`) that tell every tick
    apart: a loss that barely moves before it blows up still gets distinct labels."""
    for digits in range(least, 18):
        labels = [f"{t:.{digits}g}" for t in ticks]
        if len(set(labels)) == len(labels):
            return labels
    return labels


def _bounds(values: list[float]) -> tuple[float, float]:
    finite = [v for v in values if drawable(v)]
    if not finite:
        return 0.0, 1.0
    low, high = min(finite), max(finite)
    if high - low < 1e-12 * max(1.0, abs(high), abs(low)):
        low, high = low - 0.5, high + 0.5
    pad = 0.05 * (high - low)
    return low - pad, high + pad


def chart(figure: Figure) -> str:
    xs = [x for s in figure.series for x in s.x]
    ys = [y for s in figure.series for y in s.y]
    x0, x1 = _bounds(xs)
    y0, y1 = _bounds(ys)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def px(x):
        return LEFT + (x - x0) / (x1 - x0) * plot_w

    def py(y):
        return TOP + (1 - (y - y0) / (y1 - y0)) * plot_h

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
           f'width="{WIDTH}" height="{HEIGHT}" role="img" font-family="sans-serif" '
           f'font-size="12"><title>{escape(figure.title)}</title>',
           f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
           f'<text x="{WIDTH / 2}" y="20" text-anchor="middle" font-size="14">'
           f'{escape(figure.title)}</text>']
    x_ticks, y_ticks = _ticks(x0, x1), _ticks(y0, y1)
    for t, label in zip(x_ticks, _labels(x_ticks, 6)):
        out.append(f'<line x1="{px(t):.1f}" y1="{TOP}" x2="{px(t):.1f}" y2="{TOP + plot_h}" '
                   'stroke="#eee"/>'
                   f'<text x="{px(t):.1f}" y="{TOP + plot_h + 16}" text-anchor="middle">'
                   f'{label}</text>')
    for t, label in zip(y_ticks, _labels(y_ticks)):
        out.append(f'<line x1="{LEFT}" y1="{py(t):.1f}" x2="{LEFT + plot_w}" y2="{py(t):.1f}" '
                   'stroke="#eee"/>'
                   f'<text x="{LEFT - 6}" y="{py(t) + 4:.1f}" text-anchor="end">{label}</text>')
    out.append(f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" '
               'stroke="#888"/>')
    out.append(f'<text x="{LEFT + plot_w / 2}" y="{HEIGHT - 30}" text-anchor="middle">'
               f'{escape(figure.x_label)}</text>')
    out.append(f'<text x="16" y="{TOP + plot_h / 2}" text-anchor="middle" '
               f'transform="rotate(-90 16 {TOP + plot_h / 2})">{escape(figure.y_label)}</text>')
    # the student's series last, so it is drawn on top
    for i, series in reversed(list(enumerate(figure.series))):
        colour, dash = COLOURS[i % len(COLOURS)], DASHES[i % len(DASHES)]
        for run in _finite_runs(series.x, series.y):
            if len(run) == 1:
                out.append(f'<circle cx="{px(run[0][0]):.1f}" cy="{py(run[0][1]):.1f}" r="3" '
                           f'fill="{colour}"/>')
                continue
            points = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in run)
            out.append(f'<polyline points="{points}" fill="none" stroke="{colour}" '
                       f'stroke-width="2" stroke-dasharray="{dash}"/>')
        lx = LEFT + 10 + i * (plot_w / max(1, len(figure.series)))
        out.append(f'<line x1="{lx:.1f}" y1="{HEIGHT - 10}" x2="{lx + 24:.1f}" '
                   f'y2="{HEIGHT - 10}" stroke="{colour}" stroke-width="2" '
                   f'stroke-dasharray="{dash}"/><text x="{lx + 30:.1f}" y="{HEIGHT - 6}">'
                   f'{escape(series.label)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def _finite_runs(xs, ys):
    """The points split where y is not finite (NaN or inf leaves a gap, not a wild line)."""
    step = max(1, -(-len(ys) // MAX_POINTS))     # a student's series may have 100,000 points
    xs, ys = list(xs)[::step], list(ys)[::step]
    run = []
    for x, y in zip(xs, ys):
        if drawable(y) and drawable(x):
            run.append((x, y))
        elif run:
            yield run
            run = []
    if run:
        yield run


BAR = "#1f77b4"


def bars(title: str, labels: list[str], values: list[float], y_label: str,
         y_max: float | None = None, caption_each: list[str] | None = None) -> str:
    """A bar chart of one value per label (the cohort report's histogram, parts and checks)."""
    top = y_max if y_max is not None else max([v for v in values if drawable(v)] + [1.0])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(1, len(labels))

    def py(y):
        return TOP + (1 - min(max(y, 0.0), top) / top) * plot_h

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
           f'width="{WIDTH}" height="{HEIGHT}" role="img" font-family="sans-serif" '
           f'font-size="12"><title>{escape(title)}</title>',
           f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
           f'<text x="{WIDTH / 2}" y="20" text-anchor="middle" font-size="14">'
           f'{escape(title)}</text>']
    for t in _ticks(0.0, top):
        out.append(f'<line x1="{LEFT}" y1="{py(t):.1f}" x2="{LEFT + plot_w}" y2="{py(t):.1f}" '
                   'stroke="#eee"/>'
                   f'<text x="{LEFT - 6}" y="{py(t) + 4:.1f}" text-anchor="end">{t:.3g}</text>')
    small = len(labels) > 12
    for i, (label, value) in enumerate(zip(labels, values)):
        x = LEFT + i * slot + 0.15 * slot
        y = py(value if drawable(value) else 0.0)
        tip = caption_each[i] if caption_each else f"{label}: {value:g}"
        out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{0.7 * slot:.1f}" '
                   f'height="{TOP + plot_h - y:.1f}" fill="{BAR}"><title>{escape(tip)}</title>'
                   "</rect>")
        cx, ly = LEFT + (i + 0.5) * slot, TOP + plot_h + 14
        out.append(f'<text x="{cx:.1f}" y="{ly}" text-anchor="{"end" if small else "middle"}"'
                   + (f' transform="rotate(-60 {cx:.1f} {ly})" font-size="10"' if small else "")
                   + f">{escape(label)}</text>")
    out.append(f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" '
               'stroke="#888"/>')
    out.append(f'<text x="16" y="{TOP + plot_h / 2}" text-anchor="middle" '
               f'transform="rotate(-90 16 {TOP + plot_h / 2})">{escape(y_label)}</text>')
    out.append("</svg>")
    return "\n".join(out)
