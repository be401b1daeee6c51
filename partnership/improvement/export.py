"""The outcomes as flat rows (CSV) and as a document (JSON) for an outside evaluator."""

from decimal import Decimal

from .charts import year_label
from .outcomes import Outcomes

HEADER = ["section", "academic year", "school", "name", "figure", "value"]


def outcome_rows(data: Outcomes) -> list[list]:
    rows = []
    for year, counts in sorted(data.priorities.items()):
        for key, n in counts.items():
            rows.append(["priorities", year_label(year), "", "", key, n])
    for year, counts in sorted(data.engagements.items()):
        for key, n in counts.items():
            rows.append(["support engagements", year_label(year), "", "", key, n])
    for row in data.engagement_rows:
        rows.append(["engagement measure", year_label(row["year"]), row["school"],
                     row["name"], "change (target change)",
                     f"{_s(row['change'])} ({_s(row['target_change'])})"])
    for year, counts in sorted(data.enquiries.items()):
        for key, n in counts.items():
            rows.append(["enquiries", year_label(year), "", "", key, n])
    for label, per in data.counters:
        for year, n in sorted(per.items()):
            rows.append([label, year_label(year), "", "", "count", n])
    for theme, per in data.spending:
        for year, total in sorted(per.items()):
            rows.append(["money spent", year_label(year), "", theme, "£", total])
    for trend in data.measures:
        for year, value in sorted(trend.median.items()):
            rows.append(["measure", year_label(year), "Partnership median",
                         trend.measure.name, trend.measure.unit, value])
        for school, per in trend.schools:
            for year, value in sorted(per.items()):
                rows.append(["measure", year_label(year), school.name,
                             trend.measure.name, trend.measure.unit, value])
    return rows


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
                "name": t.measure.name, "unit": t.measure.unit,
                "better": t.measure.better, "median": _plain(t.median),
                "schools": {s.name: _plain(per) for s, per in t.schools},
            }
            for t in data.measures
        ],
    }
