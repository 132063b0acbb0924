"""Charts drawn on the server: from a chart's rows to the shapes of its SVG.

Pure functions of numbers and already formatted texts; the templates under
templates/blocks/charts/ draw what they return. Every chart is WIDTH units
wide and as tall as its rows need, so it scales to any screen through its
viewBox, and every text it holds is placed, never measured by a browser.
"""

import math
import textwrap

WIDTH = 360
FONT = 16
LINE = 19
# A sans-serif character is about this wide, as a share of the font size.
CHAR = 0.58
# More parts than this and a share chart stops being readable.
MAX_SHARES = 8
# One hatching per part of a share chart, drawn where colours are not seen:
# in forced colours and in print. Each is a path in an 8-unit tile.
HATCHES = [
    "M0 8 L8 0",
    "M0 4 H8",
    "M4 0 V8",
    "M0 4 H8 M4 0 V8",
    "M0 0 L8 8",
    "M0 8 L8 0 M0 0 L8 8",
    "M3 3 h2 v2 h-2 z",
    "M0 1 H8 M0 5 H8",
]


def text_width(text, size=FONT):
    return len(text) * size * CHAR


def wrap(text, width=WIDTH, size=FONT):
    """A label as the lines that fit in `width` units (at most two; the rest is cut with an ellipsis)."""
    characters = max(int(width / (size * CHAR)), 4)
    lines = textwrap.wrap(text, characters) or [""]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), characters, placeholder="…")]
    return lines


def bar_chart(rows):
    """Horizontal bars, one per (label, value, value text), the label above its bar
    and the value at its end: readable at any width for one row or a hundred."""
    biggest = max((value for _label, value, _text in rows), default=0) or 1
    # Values are bold, and a bold figure is wider than an average letter.
    value_space = max(text_width(text, FONT * 1.12) for _label, _value, text in rows) + 10
    room = WIDTH - value_space
    bars, y = [], 0
    for label, value, text in rows:
        lines = wrap(label)
        top = y + len(lines) * LINE + 4
        width = room * value / biggest
        bars.append(
            {
                "lines": [{"text": line, "y": y + (n + 1) * LINE - 4} for n, line in enumerate(lines)],
                "y": top,
                "width": round(width, 2),
                "height": 18,
                "value_x": round(width + 6, 2),
                "value_y": top + 14,
                "value": text,
            }
        )
        y = top + 18 + 14
    return {"width": WIDTH, "height": y, "bars": bars}


def legend(parts, top):
    """Swatch, label and share of each part, one per row under a share chart."""
    items, y = [], top
    for index, (label, share) in enumerate(parts):
        lines = wrap(f"{label} ({share})", WIDTH - 28)
        items.append(
            {
                "part": index % MAX_SHARES + 1,
                "y": y,
                "lines": [{"text": line, "y": y + (n + 1) * LINE - 5} for n, line in enumerate(lines)],
            }
        )
        y += len(lines) * LINE + 8
    return items, y


def shares(values):
    total = sum(values)
    return [value / total if total else 0 for value in values]


def stacked_chart(rows):
    """One bar split into its parts, left to right, with a legend under it.
    `rows` are (label, value, share text)."""
    fractions = shares([value for _label, value, _text in rows])
    segments, x = [], 0.0
    for index, fraction in enumerate(fractions):
        width = WIDTH * fraction
        segments.append({"part": index % MAX_SHARES + 1, "x": round(x, 2), "width": round(width, 2)})
        x += width
    items, height = legend([(label, text) for label, _value, text in rows], 64)
    return {
        "width": WIDTH,
        "height": height,
        "bar_height": 44,
        "segments": segments,
        "legend": items,
        "hatches": HATCHES,
    }


def arc(cx, cy, radius, start, end):
    """An SVG path along a circle from `start` to `end`, as fractions of a turn from the top."""
    if end - start >= 1:
        # A whole turn: two half circles, since one arc cannot end where it starts.
        return (
            f"M {cx} {cy - radius} A {radius} {radius} 0 1 1 {cx} {cy + radius} "
            f"A {radius} {radius} 0 1 1 {cx} {cy - radius}"
        )

    def point(turn):
        angle = 2 * math.pi * turn - math.pi / 2
        return round(cx + radius * math.cos(angle), 2), round(cy + radius * math.sin(angle), 2)

    (x0, y0), (x1, y1) = point(start), point(end)
    large = 1 if end - start > 0.5 else 0
    return f"M {x0} {y0} A {radius} {radius} 0 {large} 1 {x1} {y1}"


def donut_chart(rows):
    """A ring cut into its parts, clockwise from the top, with a legend under it.
    `rows` are (label, value, share text)."""
    cx, cy, radius, ring = WIDTH / 2, 100, 76, 40
    fractions = shares([value for _label, value, _text in rows])
    segments, start = [], 0.0
    for index, fraction in enumerate(fractions):
        # A thin gap between parts, as the white line between a stacked bar's parts.
        gap = min(0.004, fraction / 4) if len(fractions) > 1 else 0
        segments.append({"part": index % MAX_SHARES + 1, "d": arc(cx, cy, radius, start, start + fraction - gap)})
        start += fraction
    items, height = legend([(label, text) for label, _value, text in rows], 2 * cy + 24)
    return {"width": WIDTH, "height": height, "ring": ring, "segments": segments, "legend": items, "hatches": HATCHES}


def nice_step(biggest, steps=5):
    """A round step (1, 2, 2.5 or 5 times a power of ten) of which at most `steps` reach `biggest`."""
    if biggest <= 0:
        return 1
    raw = biggest / steps
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power


def line_chart(rows, number_format):
    """A line through one point per (label, value, value text), left to right,
    over a scale from zero with up to five round steps. Labels along the bottom
    are thinned so that they never overlap; values are written by the points
    while there are few enough of them to read."""
    biggest = max((value for _label, value, _text in rows), default=0)
    step = nice_step(biggest)
    steps = max(1, math.ceil(biggest / step))
    top_value = step * steps
    ticks = [number_format(step * n) for n in range(steps + 1)]
    left = max(text_width(tick, 13 * 1.1) for tick in ticks) + 12
    top, plot_height = 28, 200
    right = WIDTH - 16
    plot_width = right - left
    count = len(rows)
    # The first and last texts lean inwards, so that none crosses the edge.
    anchors = {0: "start", count - 1: "end"} if count > 1 else {}

    def x_of(index):
        return left + plot_width / 2 if count == 1 else left + plot_width * index / (count - 1)

    def y_of(value):
        return top + plot_height * (1 - value / top_value)

    points = [
        {
            "x": round(x_of(i), 2),
            "y": round(y_of(value), 2),
            "value_y": round(y_of(value) - 10, 2),
            "value": text,
            "label": label,
            "anchor": anchors.get(i, "middle"),
        }
        for i, (label, value, text) in enumerate(rows)
    ]
    widest = max(text_width(label, 13) for label, _value, _text in rows) + 12
    every = max(1, math.ceil(widest * count / (plot_width + widest)))
    shown = list(range(0, count, every))
    if shown[-1] != count - 1:
        # The last label always shows; the one before it gives way when too close.
        if (count - 1 - shown[-1]) * 2 < every * 3:
            shown.pop()
        shown.append(count - 1)
    return {
        "width": WIDTH,
        "height": top + plot_height + 36,
        "left": round(left, 2),
        "tick_x": round(left - 8, 2),
        "right": right,
        "bottom": top + plot_height,
        "gridlines": [
            {"y": round(y_of(step * n), 2), "text": tick, "text_y": round(y_of(step * n) + 4, 2)}
            for n, tick in enumerate(ticks)
        ],
        "path": " ".join(f"{'M' if i == 0 else 'L'} {p['x']} {p['y']}" for i, p in enumerate(points)),
        "points": points,
        "dot": 4 if count <= 24 else 2.5,
        "show_values": count <= 12,
        "labels": [
            {"x": points[i]["x"], "text": points[i]["label"], "anchor": anchors.get(i, "middle")} for i in shown
        ],
        "label_y": top + plot_height + 22,
    }
