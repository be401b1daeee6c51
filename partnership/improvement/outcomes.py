"""The partnership's outcomes over years: a fixed number of queries whatever the
number of schools or years (each section reads one aggregate)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from statistics import median, quantiles

from django.db.models import Count, F, Sum
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear, TruncDate

from partnership.budgets.models import LedgerEntry
from research.models import Project
from schools.directory.models import ImpactMeasure, SupportEngagement
from schools.models import School

from . import registry
from .charts import LineChart, year_label
from .models import Measure, MeasureValue, OutcomesSettings, Priority, unit_suffix


def academic_year(day: date) -> int:
    """September starts the school year: 1 Oct 2024 and 1 Mar 2025 are in 2024."""
    return day.year if day.month >= 9 else day.year - 1


def _ay(year: int, month: int) -> int:
    return year if month >= 9 else year - 1


# A partnership with more schools than this shows each measure's spread (the
# quartiles) rather than a row per school: each school's figures are on its own
# outcomes page and in the downloads (500 schools made a 900 KB page).
SCHOOL_ROWS_AT_MOST = 60


@dataclass
class MeasureTrend:
    measure: Measure
    suffix: str
    median: dict[int, Decimal]
    schools: list[tuple[School, dict[int, Decimal]]]
    chart: LineChart | None = None
    # With more than SCHOOL_ROWS_AT_MOST schools: (label, {year: value}) rows of the
    # spread instead of a row per school.
    spread: list[tuple[str, dict[int, Decimal]]] = field(default_factory=list)


@dataclass
class Outcomes:
    partnership: object
    school: School | None
    schools: list[School]
    parts: set[str]
    years: list[int] = field(default_factory=list)
    priorities: dict[int, dict[str, int]] = field(default_factory=dict)
    engagements: dict[int, dict] = field(default_factory=dict)
    engagement_rows: list[dict] = field(default_factory=list)
    enquiries: dict[int, dict[str, int]] = field(default_factory=dict)
    counters: list[tuple[str, dict[int, int]]] = field(default_factory=list)
    spending: list[tuple[str, dict[int, Decimal]]] = field(default_factory=list)
    measures: list[MeasureTrend] = field(default_factory=list)

    def year_labels(self):
        return [(y, year_label(y)) for y in self.years]


def public_parts(partnership) -> set[str]:
    row = OutcomesSettings.objects.filter(partnership=partnership).first()
    return set(row.public_parts) if row else set()


def _priorities(ids) -> dict:
    out: dict = defaultdict(lambda: {"set": 0, "met": 0, "partly": 0, "not-met": 0})
    rows = Priority.objects.filter(school__in=ids).values("year", "outcome")
    for row in rows.annotate(n=Count("id")).order_by():
        out[row["year"]]["set"] += row["n"]
        if row["outcome"]:
            out[row["year"]][row["outcome"]] += row["n"]
    return dict(out)


def _engagements(ids) -> tuple[dict, list]:
    done = SupportEngagement.objects.filter(
        requesting_school__in=ids,
        status=SupportEngagement.Status.COMPLETED,
        completed_on__isnull=False,
    )
    out: dict = defaultdict(lambda: {"completed": 0, "measures": 0, "reached": 0})
    for row in done.values("completed_on"):
        out[academic_year(row["completed_on"])]["completed"] += 1
    rows = list(
        ImpactMeasure.objects.filter(engagement__in=done)
        .values(
            "name",
            "unit",
            "baseline",
            "target",
            "outcome",
            "engagement__completed_on",
            "engagement__offer__title",
            school=F("engagement__requesting_school__name"),
        )
        .order_by("engagement__completed_on", "pk")
    )
    for row in rows:
        row["year"] = academic_year(row["engagement__completed_on"])
        row["change"] = _diff(row["outcome"], row["baseline"])
        row["target_change"] = _diff(row["target"], row["baseline"])
        row["reached"] = _reached(row)
        out[row["year"]]["measures"] += 1
        out[row["year"]]["reached"] += bool(row["reached"])
    return dict(out), rows


def _diff(a, b):
    return None if a is None or b is None else a - b


def _reached(row) -> bool:
    if row["outcome"] is None or row["target"] is None or row["baseline"] is None:
        return False
    if row["target"] >= row["baseline"]:
        return row["outcome"] >= row["target"]
    return row["outcome"] <= row["target"]


def _enquiries(ids) -> dict:
    out: dict = defaultdict(lambda: {"completed": 0, "published": 0})
    day = Coalesce("ends", TruncDate("created"))
    rows = (
        Project.objects.filter(school__in=ids, status=Project.Status.COMPLETED)
        .values(y=ExtractYear(day), m=ExtractMonth(day), v=F("visibility"))
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        year = _ay(row["y"], row["m"])
        out[year]["completed"] += row["n"]
        if row["v"] == Project.Visibility.PUBLIC:
            out[year]["published"] += row["n"]
    return dict(out)


def _spending(partnership, school) -> list:
    """Money spent (approved claims) by the theme of the priority it serves, else
    by the allocation's theme, by academic year."""
    entries = LedgerEntry.objects.filter(
        fund__partnership=partnership, account=LedgerEntry.Account.SPENT
    )
    if school is not None:
        entries = entries.filter(allocation__school=school)
    rows = (
        entries.values(
            "allocation_id",
            "allocation__theme",
            y=ExtractYear("effective_on"),
            m=ExtractMonth("effective_on"),
        )
        .annotate(total=Sum("amount"))
        .order_by()
    )
    themes = dict(
        Priority.allocations.through.objects.filter(
            priority__school__memberships__partnership=partnership
        ).values_list("allocation_id", "priority__theme")
    )
    out: dict = defaultdict(lambda: defaultdict(Decimal))
    for row in rows:
        theme = themes.get(row["allocation_id"]) or row["allocation__theme"]
        out[theme or "Not linked to a priority"][_ay(row["y"], row["m"])] += row[
            "total"
        ]
    return sorted((k, dict(v)) for k, v in out.items())


def _measures(partnership, schools, school) -> list[MeasureTrend]:
    measures = list(Measure.objects.filter(partnership=partnership))
    by_measure: dict = defaultdict(lambda: defaultdict(dict))
    for row in MeasureValue.objects.filter(measure__partnership=partnership).values(
        "measure_id", "school_id", "year", "value"
    ):
        by_measure[row["measure_id"]][row["school_id"]][row["year"]] = row["value"]
    summarised = school is None and len(schools) > SCHOOL_ROWS_AT_MOST
    shown = [school] if school else ([] if summarised else schools)
    trends = []
    for measure in measures:
        values = by_measure[measure.pk]
        years = sorted({y for per in values.values() for y in per})
        of_year = {y: [per[y] for per in values.values() if y in per] for y in years}
        middle = {y: _cents(median(of_year[y])) for y in years}
        trends.append(
            MeasureTrend(
                measure=measure,
                suffix=unit_suffix(measure.unit),
                median=middle,
                schools=[(s, values.get(s.pk, {})) for s in shown],
                spread=_spread(of_year) if summarised else [],
            )
        )
    return trends


def _cents(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


def _spread(of_year: dict[int, list]) -> list[tuple[str, dict[int, Decimal]]]:
    """The lower and upper quartiles of each year's values (a year with one value:
    that value)."""
    lower, upper = {}, {}
    for year, values in of_year.items():
        if len(values) < 2:  # noqa: PLR2004 - quartiles need two values
            lower[year] = upper[year] = _cents(values[0])
            continue
        q1, _, q3 = quantiles(values, n=4, method="inclusive")
        lower[year], upper[year] = _cents(q1), _cents(q3)
    return [
        ("Lower quartile (a quarter of schools at or below)", lower),
        ("Upper quartile (a quarter of schools at or above)", upper),
    ]


def _chart(trend: MeasureTrend, years, school) -> LineChart:
    series = [("Partnership median", trend.median)]
    if school is not None:
        series.append((school.name, trend.schools[0][1]))
    better = trend.measure.get_better_display().lower()
    return LineChart.build(
        title=trend.measure.name,
        years=years,
        suffix=trend.suffix,
        series=series,
        description=f"{trend.measure.name} by year ({better}).",
    )


def outcomes(*, partnership, parts: set[str], school: School | None = None) -> Outcomes:
    """Everything on the outcomes page, for the whole partnership or one school."""
    schools = list(
        School.objects.filter(
            memberships__partnership=partnership, memberships__left__isnull=True
        ).order_by("name")
    )
    ids = [school.pk] if school else [s.pk for s in schools]
    result = Outcomes(
        partnership=partnership, school=school, schools=schools, parts=parts
    )
    if "priorities" in parts:
        result.priorities = _priorities(ids)
    if "engagements" in parts:
        result.engagements, result.engagement_rows = _engagements(ids)
    if "enquiries" in parts:
        result.enquiries = _enquiries(ids)
    if "counters" in parts and school is None:
        result.counters = [
            (label, count(partnership=partnership))
            for label, count in registry.counters().values()
        ]
    if "spending" in parts:
        result.spending = _spending(partnership, school)
    if "measures" in parts:
        result.measures = _measures(partnership, schools, school)
    years = set(result.priorities) | set(result.engagements) | set(result.enquiries)
    years |= {y for _, per in result.counters for y in per}
    years |= {y for _, per in result.spending for y in per}
    years |= {y for t in result.measures for y in t.median}
    result.years = sorted(years)
    for trend in result.measures:
        trend.chart = _chart(trend, sorted(trend.median), school)
    return result
