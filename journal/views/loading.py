"""How the editors' pages load what they show: only editions this person edits
(anything else is a 404, like a missing one)."""

from django.shortcuts import get_object_or_404

from journal.models import Edition, Submission


def edition_for_editor(request, pk: int) -> Edition:
    return get_object_or_404(
        Edition.objects.editable_by(request.user).select_related("partnership"), pk=pk
    )


def submission_for_editor(
    request, pk: int, submission_pk: int
) -> tuple[Edition, Submission]:
    edition = edition_for_editor(request, pk)
    return edition, get_object_or_404(
        edition.submissions.select_related("project", "section"), pk=submission_pk
    )
