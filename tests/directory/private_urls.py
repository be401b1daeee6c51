"""The directory's object URLs for the URL walker (tests/security/url_registry.py).

The owner side is `school` (its headteacher, teacher and the partnership officer);
`other_headteacher` runs another member school and must be refused wherever the
object is not public or not theirs to change.
"""

from django.core.files.base import ContentFile

from tests.security.url_registry import Private, World

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _rec(world: World, *, status="published", school=None):
    from tests.directory.factories import RecommendationFactory

    key = f"rec-{status}-{(school or world.school).pk}"
    if key not in world.extra:
        world.extra[key] = RecommendationFactory(
            school=school or world.school, status=status, title="Walker"
        )
    return world.extra[key]


def _draft(world: World) -> dict:
    return {"slug": _rec(world, status="draft").slug}


def _published(world: World) -> dict:
    return {"slug": _rec(world).slug}


def _rec_state(world: World):
    from schools.directory.models import Recommendation

    return list(
        Recommendation.objects.values_list("pk", "status", "title", "summary").order_by(
            "pk"
        )
    ) + [
        sorted(
            Recommendation.objects.values_list(
                "case_studies__pk", "offers__pk"
            ).distinct()
        )
    ]


def _offer(world: World) -> dict:
    from tests.directory.factories import OfferFactory

    offer = OfferFactory(recommendation=_rec(world), title="Walker offer")
    world.extra["offer"] = offer
    return {"slug": offer.recommendation.slug, "pk": offer.pk}


def _offer_state(world: World):
    from schools.directory.models import SupportOffer

    return list(
        SupportOffer.objects.values_list("pk", "title", "cost", "is_active").order_by(
            "pk"
        )
    )


def _case_study_file(world: World) -> dict:
    from schools.directory.models import CaseStudy

    rec = _rec(world, status="draft")
    study = CaseStudy(recommendation=rec, title="Walker study", body="b")
    study.file.save("walker.pdf", ContentFile(PDF), save=False)
    study.file_name, study.file_kind = "walker.pdf", "pdf"
    study.save()
    return {"slug": rec.slug, "pk": study.pk}


def _draft_case_study(world: World) -> dict:
    from schools.directory.models import CaseStudy

    study = CaseStudy.objects.create(
        recommendation=_rec(world, status="draft"), title="Walker draft study", body="b"
    )
    return {"slug": study.slug}


def _saved_search(world: World) -> dict:
    from schools.directory.models import SavedSearch

    search = SavedSearch.objects.create(
        user=world.teacher, name="Walker search", query="phase=primary"
    )
    return {"pk": search.pk}


def _saved_state(world: World):
    from schools.directory.models import SavedSearch

    return list(SavedSearch.objects.values_list("pk", "user_id", "query"))


def _other_schools_offer(world: World) -> dict:
    from tests.directory.factories import OfferFactory

    offer = OfferFactory(recommendation=_rec(world, school=world.other_school))
    return {"pk": offer.pk}


def _engagement(world: World, status="agreed"):
    """School supports a third member school: other_headteacher is an outsider."""
    from schools.directory.models import ImpactMeasure
    from tests.directory.factories import EngagementFactory, OfferFactory
    from tests.factories import StaffFactory, member_school

    if "engagement" not in world.extra:
        third = member_school(world.partnership)
        head = StaffFactory(school=third, role="headteacher").user
        eng = EngagementFactory(
            offer=OfferFactory(recommendation=_rec(world)),
            requesting_school=third,
            requested_by=head,
            status=status,
        )
        world.extra["engagement"] = eng
        world.extra["measure"] = ImpactMeasure.objects.create(
            engagement=eng, name="Walker measure", baseline=1
        )
    return world.extra["engagement"]


def _engagement_state(world: World):
    from schools.directory.models import ImpactMeasure, Meeting, SupportEngagement

    eng = world.extra["engagement"]
    return (
        list(
            SupportEngagement.objects.filter(pk=eng.pk).values_list(
                "status", "supporting_evaluation", "requesting_evaluation"
            )
        ),
        list(
            ImpactMeasure.objects.filter(engagement=eng).values_list(
                "baseline", "target", "outcome"
            )
        ),
        Meeting.objects.filter(engagement=eng).count(),
    )


def _requests_state(world: World):
    from schools.directory.models import SupportEngagement

    return SupportEngagement.objects.count()


def _delegate(world: World) -> dict:
    from schools.directory.models import SupportDelegate

    delegate = SupportDelegate.objects.create(
        school=world.school, user=world.teacher, granted_by=world.headteacher
    )
    return {"urn": world.school.urn, "pk": delegate.pk}


def _delegates_state(world: World):
    from schools.directory.models import SupportDelegate

    return sorted(SupportDelegate.objects.values_list("school_id", "user_id"))


_OUTSIDER = ("other_headteacher",)
_EDITORS_ONLY = ("other_headteacher", "teacher")
_OFFICERS_ONLY = ("other_headteacher", "headteacher", "teacher")

PRIVATE = {
    "directory:detail": Private(kwargs=_draft, refused=_OUTSIDER, methods=("get",)),
    "directory:publish": Private(
        kwargs=_draft, refused=_OFFICERS_ONLY, methods=("post",), state=_rec_state
    ),
    "directory:withdraw": Private(
        kwargs=_published, refused=_OFFICERS_ONLY, methods=("post",), state=_rec_state
    ),
    "directory:edit": Private(
        kwargs=_published, refused=_EDITORS_ONLY, state=_rec_state
    ),
    "directory:case_study_new": Private(
        kwargs=_published, refused=_EDITORS_ONLY, state=_rec_state
    ),
    "directory:offer_new": Private(
        kwargs=_published, refused=_EDITORS_ONLY, state=_rec_state
    ),
    "directory:offer_edit": Private(
        kwargs=_offer, refused=_EDITORS_ONLY, state=_offer_state
    ),
    "directory:case_study": Private(
        kwargs=_draft_case_study, refused=_OUTSIDER, methods=("get",)
    ),
    "directory:saved_search_delete": Private(
        kwargs=_saved_search,
        refused=("headteacher", "other_headteacher", "officer"),
        state=_saved_state,
    ),
    "directory:case_study_file": Private(
        kwargs=_case_study_file, refused=_OUTSIDER, methods=("get",)
    ),
    "directory:request": Private(
        kwargs=_other_schools_offer,
        refused=("other_headteacher", "teacher"),
        state=_requests_state,
    ),
    "directory:engagement": Private(
        kwargs=lambda w: {"pk": _engagement(w).pk}, refused=_OUTSIDER, methods=("get",)
    ),
    "directory:engagement_move": Private(
        kwargs=lambda w: {"pk": _engagement(w).pk, "move": "start"},
        refused=_OUTSIDER,
        methods=("post",),
        state=_engagement_state,
    ),
    "directory:meeting_new": Private(
        kwargs=lambda w: {"pk": _engagement(w).pk},
        refused=_OUTSIDER,
        methods=("post",),
        state=_engagement_state,
    ),
    "directory:measure_new": Private(
        kwargs=lambda w: {"pk": _engagement(w).pk},
        refused=_OUTSIDER,
        methods=("post",),
        state=_engagement_state,
    ),
    "directory:measure_edit": Private(
        kwargs=lambda w: {
            "pk": _engagement(w).pk,
            "measure_pk": w.extra["measure"].pk,
        },
        refused=_OUTSIDER,
        methods=("post",),
        state=_engagement_state,
    ),
    "directory:evaluation": Private(
        kwargs=lambda w: {"pk": _engagement(w).pk, "side": "supporting"},
        refused=_OUTSIDER,
        methods=("post",),
        state=_engagement_state,
    ),
    "directory:delegates": Private(
        kwargs=lambda w: {"urn": w.school.urn},
        refused=_EDITORS_ONLY,
        state=_delegates_state,
    ),
    "directory:delegate_remove": Private(
        kwargs=_delegate, refused=_EDITORS_ONLY, state=_delegates_state
    ),
}
