"""A server-drawn SVG line chart of a measure over years, described for screen
readers, with the same figures in a table beside it (as the budget charts)."""

from dataclasses import dataclass
from decimal import Decimal

# Presentation attributes (not style attributes) keep to the CSP; the colours contrast
# at least 3:1 with white, and the lines also differ by dash so colour is not needed.
LINES = (("#1d70b8", ""), ("#0b0c0c", "6 4"), ("#00703c", "2 3"), ("#d4351c", "10 3"))


@dataclass
class Point:
    x: int
    y: int
    year: int
    value: Decimal


@dataclass
class Line:
    name: str
    colour: str
    dash: str
    points: list[Point]

    @property
    def path(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.points)


@dataclass
class LineChart:
    title: str
    description: str
    slug: str
    width: int
    height: int
    lines: list[Line]
    x_labels: list[tuple[int, str]]
    y_labels: list[tuple[int, str]]
    suffix: str

    LEFT, TOP, PLOT_W, PLOT_H = 70, 40, 480, 200

    @classmethod
    def build(cls, *, title, description, years, series, suffix="") -> "LineChart":
        """series: [(name, {year: value})]; years the x axis, oldest first."""
        values = [v for _, by_year in series for v in by_year.values() if v is not None]
        low = min([Decimal(0), *values])
        high = max([Decimal(1), *values])
        span = high - low or Decimal(1)
        step = cls.PLOT_W // max(len(years) - 1, 1)

        def y_of(value):
            return cls.TOP + cls.PLOT_H - int((value - low) / span * cls.PLOT_H)

        lines = []
        for i, (name, by_year) in enumerate(series):
            colour, dash = LINES[i % len(LINES)]
            points = [
                Point(
                    x=cls.LEFT + j * step,
                    y=y_of(by_year[year]),
                    year=year,
                    value=by_year[year],
                )
                for j, year in enumerate(years)
                if by_year.get(year) is not None
            ]
            lines.append(Line(name=name, colour=colour, dash=dash, points=points))
        slug = "".join(ch if ch.isalnum() else "-" for ch in title.lower())[:60]
        return cls(
            title=title,
            description=description,
            slug=slug,
            width=cls.LEFT + cls.PLOT_W + 60,
            height=cls.TOP + cls.PLOT_H + 40,
            lines=lines,
            x_labels=[
                (cls.LEFT + j * step, year_label(y)) for j, y in enumerate(years)
            ],
            y_labels=[(y_of(low), f"{low:g}"), (y_of(high), f"{high:g}")],
            suffix=suffix,
        )


def year_label(year: int) -> str:
    """The academic year starting in `year`: 2024 is “2024/25”."""
    return f"{year}/{(year + 1) % 100:02d}"
