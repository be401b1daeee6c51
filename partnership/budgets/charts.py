"""Charts for the budget pages: server-rendered SVG, described for screen readers,
with the same figures in a table beside it."""

from dataclasses import dataclass
from decimal import Decimal

from .models import ZERO


@dataclass
class Bar:
    series: str
    css: tuple[str, str]
    value: Decimal
    x: int
    y: int
    width: int
    height: int
    label_x: int


@dataclass
class BarGroup:
    label: str
    y: int
    label_y: int
    bars: list[Bar]


@dataclass
class BarChart:
    """A horizontal bar chart: one group of bars per row, one bar per series."""

    title: str
    description: str
    groups: list[BarGroup]
    width: int
    height: int
    legend: list[tuple[str, str]]
    slug: str

    LABEL_WIDTH = 230
    PLOT_WIDTH = 420
    BAR_HEIGHT = 22
    GAP = 18
    TOP = 36

    @classmethod
    def build(cls, *, title, description, rows, series) -> "BarChart":
        # Presentation attributes (not style attributes) keep to the CSP; both
        # colours contrast at least 3:1 with the white background.
        css = [("portal-chart__bar", "#1d70b8"), ("portal-chart__bar-alt", "#505a5f")]
        top = max((getattr(r, attr) for r in rows for _, attr in series), default=ZERO)
        scale = Decimal(cls.PLOT_WIDTH) / top if top > 0 else Decimal(0)
        groups = []
        y = cls.TOP
        for row in rows:
            bars = []
            for i, (name, attr) in enumerate(series):
                value = getattr(row, attr)
                width = max(int(max(value, ZERO) * scale), 1 if value > 0 else 0)
                bars.append(
                    Bar(
                        series=name,
                        css=css[i % 2],
                        value=value,
                        x=cls.LABEL_WIDTH,
                        y=y + i * cls.BAR_HEIGHT,
                        width=width,
                        height=cls.BAR_HEIGHT - 4,
                        label_x=cls.LABEL_WIDTH + width + 6,
                    )
                )
            group_height = cls.BAR_HEIGHT * len(series)
            groups.append(
                BarGroup(
                    label=row.label, y=y, label_y=y + group_height // 2 + 5, bars=bars
                )
            )
            y += group_height + cls.GAP
        slug = "".join(ch if ch.isalnum() else "-" for ch in title.lower())
        return cls(
            title=title,
            description=description,
            groups=groups,
            width=cls.LABEL_WIDTH + cls.PLOT_WIDTH + 120,
            height=y + 4,
            legend=[(name, css[i % 2]) for i, (name, _) in enumerate(series)],
            slug=slug,
        )
