"""Inline SVG charts for the HTML report: horizontal (grouped) bars and stacked bars; every label escaped."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from ..records import record
from .common import one_line

ROW = 26
LABEL_W = 190
NOTE_CHAR_W = 6.6
WIDTH = 640
LABEL_CHARS = 26


@record(frozen=True, slots=True, kw_only=True)
class Row:
    """One chart row: a label, one value per series (or per stacked segment), a CSS class and a note."""

    label: str
    values: tuple[float, ...]
    cls: str = ""
    note: str = ""


def _label(text: str) -> tuple[str, str]:
    full = one_line(text)
    short = full if len(full) <= LABEL_CHARS else full[: LABEL_CHARS - 1] + "…"
    return short, full


def _note_width(rows: Sequence[Row]) -> float:
    """Room kept right of the longest bar for its note (estimated from the longest note)."""
    return min(300.0, max(60.0, NOTE_CHAR_W * max(len(r.note) for r in rows) + 12))


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _frame(title: str, height: int, body: list[str], legend: Sequence[tuple[str, str]]) -> Markup:
    items = []
    x = LABEL_W
    for cls, text in legend:
        items.append(
            f'<rect class="{cls}" x="{x}" y="{height + 6}" width="12" height="12"/><text class="legend" x="{x + 16}" y="{height + 16}">{escape(text)}</text>'
        )
        x += 24 + 7 * len(text)
    total = height + (26 if legend else 4)
    return Markup(  # noqa: S704 - every interpolated value below is escape()d
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {total}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{''.join(body)}{''.join(items)}</svg>"
    )


def bar_chart(title: str, rows: Sequence[Row], *, series: Sequence[str] = ("",)) -> Markup:
    """Horizontal bars, one group per row and one bar per series, scaled to the largest value."""
    if not rows:
        return Markup(f'<p class="empty">{escape(title)}: nothing to chart.</p>')  # noqa: S704 - escaped
    peak = max((v for r in rows for v in r.values), default=0) or 1
    span = WIDTH - LABEL_W - _note_width(rows)
    n = len(series)
    bar_h = (ROW - 8) / n
    body = []
    for i, row in enumerate(rows):
        y = i * ROW
        short, full = _label(row.label)
        parts = [f'<g class="row {escape(row.cls)}"><title>{escape(full)}: {escape(row.note or ", ".join(_fmt(v) for v in row.values))}</title>']
        parts.append(f'<text class="label" x="{LABEL_W - 8}" y="{y + ROW / 2 + 4:.0f}" text-anchor="end">{escape(short)}</text>')
        end = 0.0
        for s, value in enumerate(row.values):
            w = span * value / peak
            end = max(end, w)
            parts.append(f'<rect class="s{s}" x="{LABEL_W}" y="{y + 4 + s * bar_h:.1f}" width="{max(w, 1.5 if value else 0):.1f}" height="{bar_h - 1:.1f}"/>')
        note = row.note or " / ".join(_fmt(v) for v in row.values)
        parts.append(f'<text class="note" x="{LABEL_W + end + 6:.1f}" y="{y + ROW / 2 + 4:.0f}">{escape(note)}</text></g>')
        body.append("".join(parts))
    legend = [(f"s{i}", name) for i, name in enumerate(series)] if n > 1 else []
    return _frame(title, len(rows) * ROW, body, legend)


def stacked_chart(title: str, rows: Sequence[Row], *, segments: Sequence[tuple[str, str]]) -> Markup:
    """One 100%-wide bar per row split into ``segments`` (css class, legend text), with counts as the note."""
    if not rows:
        return Markup(f'<p class="empty">{escape(title)}: nothing to chart.</p>')  # noqa: S704 - escaped
    peak = max(sum(r.values) for r in rows) or 1
    span = WIDTH - LABEL_W - _note_width(rows)
    body = []
    for i, row in enumerate(rows):
        y = i * ROW
        short, full = _label(row.label)
        parts = [f'<g class="row {escape(row.cls)}"><title>{escape(full)}: {escape(row.note)}</title>']
        parts.append(f'<text class="label" x="{LABEL_W - 8}" y="{y + ROW / 2 + 4:.0f}" text-anchor="end">{escape(short)}</text>')
        x = float(LABEL_W)
        for (cls, _name), value in zip(segments, row.values, strict=True):
            if not value:
                continue
            w = span * value / peak
            parts.append(f'<rect class="{cls}" x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{ROW - 8}"/>')
            x += w
        parts.append(f'<text class="note" x="{x + 6:.1f}" y="{y + ROW / 2 + 4:.0f}">{escape(row.note)}</text></g>')
        body.append("".join(parts))
    return _frame(title, len(rows) * ROW, body, list(segments))
