"""The outcomes as flat rows (CSV) and as a document (JSON) for an outside evaluator."""

from decimal import Decimal

from .charts import year_label
from .outcomes import Outcomes

HEADER = ["section", "academic year", "school", "name", "figure", "value"]


def _counts(section: str, per_year: dict) -> list[list]:
    return [
        [section, year_label(year), "", "", key, n]
        for year, counts in sorted(per_year.items())
        for key, n in counts.items()
    ]


def _engagement_rows(data: Outcomes) -> list[list]:
    return [
        [
            "engagement measure",
            year_label(row["year"]),
            row["school"],
            row["name"],
            "change (target change)",
            f"{_s(row['change'])} ({_s(row['target_change'])})",
        ]
        for row in data.engagement_rows
    ]


def _yearly(section: str, name: str, figure: str, per: dict) -> list[list]:
    return [
        [section, year_label(year), "", name, figure, value]
        for year, value in sorted(per.items())
    ]


def _measure_rows(data: Outcomes) -> list[list]:
    rows = []
    for trend in data.measures:
        m = trend.measure
        series = [("Partnership median", trend.median)]
        series += [(school.name, per) for school, per in trend.schools]
        for who, per in series:
            rows += [
                ["measure", year_label(year), who, m.name, m.unit, value]
                for year, value in sorted(per.items())
            ]
    return rows


def outcome_rows(data: Outcomes) -> list[list]:
    rows = _counts("priorities", data.priorities)
    rows += _counts("support engagements", data.engagements)
    rows += _engagement_rows(data)
    rows += _counts("enquiries", data.enquiries)
    for label, per in data.counters:
        rows += [
            [label, year_label(y), "", "", "count", n] for y, n in sorted(per.items())
        ]
    for theme, per in data.spending:
        rows += _yearly("money spent", theme, "£", per)
    return rows + _measure_rows(data)


def _s(value) -> str:
    return "" if value is None else str(value)


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def outcome_document(data: Outcomes) -> dict:
    return {
        "partnership": data.partnership.name,
        "school": data.school.name if data.school else None,
        "academic_years": {str(y): year_label(y) for y in data.years},
        "priorities": _plain(data.priorities),
        "engagements": _plain(data.engagements),
        "engagement_measures": [
            {k: _plain(v) for k, v in row.items() if k != "engagement__completed_on"}
            for row in data.engagement_rows
        ],
        "enquiries": _plain(data.enquiries),
        "counters": {label: _plain(per) for label, per in data.counters},
        "spending": {theme: _plain(per) for theme, per in data.spending},
        "measures": [
            {
                "name": t.measure.name,
                "unit": t.measure.unit,
                "better": t.measure.better,
                "median": _plain(t.median),
                "schools": {s.name: _plain(per) for s, per in t.schools},
            }
            for t in data.measures
        ],
    }
