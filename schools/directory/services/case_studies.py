"""Case studies of recommendations: sanitised text and a checked file."""

from __future__ import annotations

from django.db import transaction

from partnership.uploads import check_upload
from schools.models import User

from .. import permissions
from ..errors import PermissionDenied
from ..models import CaseStudy, Recommendation
from .index import recommendation_reindex, render_markdown


def case_study_add(
    *,
    recommendation: Recommendation,
    added_by: User,
    title: str,
    body: str,
    upload=None,
) -> CaseStudy:
    """Officers or the school's headteacher add a case study; its HTML is sanitised."""
    if not permissions.may_edit_recommendation(added_by, recommendation.pk):
        raise PermissionDenied("You cannot add case studies to this recommendation.")
    checked = check_upload(upload) if upload is not None else None
    with transaction.atomic(durable=True):
        study = CaseStudy(
            recommendation=recommendation,
            title=title,
            body=body,
            body_html=render_markdown(body),
            created_by=added_by,
        )
        if checked:
            study.file = upload
            study.file_name = checked.original_name
            study.file_kind = checked.kind
        study.save()
        recommendation_reindex(recommendation=recommendation)
    return study
