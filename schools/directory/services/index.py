"""The directory's search index and rich text: kept up to date by every service."""

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import transaction
from django.db.models import Q

from partnership.writing import demote_headings, markdown_to_html, sanitise_html

from ..cache import changed_now_and_on_commit
from ..models import Organisation, Recommendation, SupportOffer
from .facet_index import facet_index_update


def render_markdown(text: str) -> str:
    """Markdown to HTML, sanitised with the portal's allow-list (no images, no scripts)."""
    # A case study sits under an h3 on its page: its own headings start at h4.
    return sanitise_html(demote_headings(markdown_to_html(text), top=4))


def _search_text(rec: Recommendation) -> str:
    parts = [
        rec.title,
        rec.summary,
        rec.organisation.name,
        rec.organisation.get_kind_display(),
        rec.school.name,
        rec.school.town,
        rec.school.local_authority,
        rec.subject.name if rec.subject_id else "",
        rec.practitioner_name,
    ]
    parts += [c.title for c in rec.case_studies.all()]
    parts += [f"{o.title} {o.get_kind_display()}" for o in rec.offers.all()]
    return " ".join(p for p in parts if p)


# The school's columns the search filters by, kept on each of its recommendations.
SCHOOL_FIELDS = (
    "phase",
    "type",
    "local_authority",
    "gender",
    "religious_character",
    "ofsted_rating",
)


def school_summary(school) -> dict:
    """The school's searchable columns, as its recommendations keep them."""
    return {f"school_{name}": getattr(school, name) for name in SCHOOL_FIELDS}


def school_changed(sender, instance, created=False, raw=False, **kwargs) -> None:
    """A saved school: its recommendations' copies follow (post_save of School)."""
    if created or raw:
        return  # a new school has no recommendations yet
    summary = school_summary(instance)
    differs = Q()
    for name, value in summary.items():
        differs |= ~Q(**{name: value})
    stale = Recommendation.objects.filter(school=instance).filter(differs)
    ids = list(stale.values_list("pk", flat=True))
    if ids and Recommendation.objects.filter(pk__in=ids).update(**summary):
        changed_now_and_on_commit()
        facet_index_update(ids=ids)


def recommendation_deleted(sender, instance, **kwargs) -> None:
    """A deleted recommendation (the admin, or its school's deletion) leaves the
    directory's counts and the facet index (post_delete of Recommendation)."""
    if instance.status == Recommendation.Status.PUBLISHED:
        changed_now_and_on_commit()
    facet_index_update(ids=[instance.pk])


# What a recommendation's search text reads from other rows: renaming one of these
# rewrites the search text of every recommendation it names (`when_renamed`).
SEARCHED_NAMES = {
    "school": ("name", "town", "local_authority"),
    "organisation": ("name", "kind"),
    "subject": ("name",),
}

# Recommendations whose search text is written afresh in one transaction.
REINDEX_BATCH = 500


def searched_name_changed(instance) -> None:
    """A school, organisation or subject renamed (post_save, via `when_renamed`):
    once the change commits, a task rewrites its recommendations' search text."""
    grouping = type(instance).__name__.lower()
    if not Recommendation.objects.filter(**{grouping: instance}).exists():
        return
    from ..tasks import recommendations_reindex_task

    pk = instance.pk
    transaction.on_commit(
        lambda: recommendations_reindex_task.delay(grouping=grouping, pk=pk)
    )


def recommendations_reindex(*, ids) -> int:
    """The search text of these recommendations written afresh from what they name
    now, in one transaction; returns how many changed. Running it twice changes
    nothing the second time."""
    with transaction.atomic():
        rows = (
            Recommendation.objects.filter(pk__in=list(ids))
            .select_related("organisation", "school", "subject")
            .prefetch_related("case_studies", "offers")
            .order_by("pk")
            .select_for_update(of=("self",))
        )
        changed = []
        for rec in rows:
            text = _search_text(rec)
            if text != rec.search_document:
                rec.search_document = text
                changed.append(rec)
        if not changed:
            return 0
        Recommendation.objects.bulk_update(changed, ["search_document"])
        pks = [rec.pk for rec in changed]
        if settings.IS_POSTGRES:
            Recommendation.objects.filter(pk__in=pks).update(
                search_vector=search_vector_expression()
            )
        if any(rec.status == Recommendation.Status.PUBLISHED for rec in changed):
            changed_now_and_on_commit()
        facet_index_update(ids=pks)
    return len(changed)


def grouping_changed(sender, instance, created=False, raw=False, **kwargs) -> None:
    """An organisation's kind or a subject's slug is what the directory filters by:
    their recommendations' entries in the facet index follow a save of either."""
    if created or raw:
        return
    field = "organisation" if isinstance(instance, Organisation) else "subject"
    ids = Recommendation.objects.filter(**{field: instance}).values_list(
        "pk", flat=True
    )
    if ids:
        changed_now_and_on_commit()
        facet_index_update(ids=list(ids))


def offer_summary(offers) -> dict:
    """What a recommendation's active offers are, as its row keeps it for the search:
    `offers` is (kind, cost) of each active offer."""
    kinds = sorted({kind for kind, _ in offers})
    return {
        "offer_kinds": f",{','.join(kinds)}," if kinds else "",
        "has_free_offer": any(cost == 0 for _, cost in offers),
        "has_paid_offer": any(cost > 0 for _, cost in offers),
    }


def search_vector_expression():
    """Title weighs most; everything else in the stored search document counts too."""
    return SearchVector("title", weight="A", config="english") + SearchVector(
        "search_document", weight="B", config="english"
    )


def recommendation_reindex(
    *, recommendation: Recommendation, was_public: bool = False
) -> None:
    """The stored search text (and, on PostgreSQL, the tsvector) and the summary of
    its active offers follow the record.

    The cached facet counts are dropped only when the public directory changes (the
    recommendation is, or was until now, published): editing a draft, or adding a
    case study to one, keeps every cached search.
    """
    if was_public or recommendation.status == Recommendation.Status.PUBLISHED:
        changed_now_and_on_commit()
    text = _search_text(recommendation)
    offers = offer_summary(
        SupportOffer.objects.filter(
            recommendation=recommendation, is_active=True
        ).values_list("kind", "cost")
    )
    kept = offers | school_summary(recommendation.school)
    rows = Recommendation.objects.filter(pk=recommendation.pk)
    rows.update(search_document=text, **kept)
    for name, value in kept.items():
        setattr(recommendation, name, value)
    if settings.IS_POSTGRES:
        rows.update(search_vector=search_vector_expression())
    recommendation.search_document = text
    facet_index_update(ids=[recommendation.pk])
