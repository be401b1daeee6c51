"""Editions: starting one, its details, its editors, its sections and assembly."""

from datetime import date

from django.db import transaction

from journal import permissions
from journal.models import Award, Edition, Section
from partnership.kernel.errors import DomainError, NotAllowed

from ._common import require_editor


def edition_create(
    *,
    partnership,
    year: int,
    title: str,
    call_opens: date,
    call_closes: date,
    by,
    **fields,
) -> Edition:
    """Only an officer of the partnership may start an edition; one per year."""
    if not permissions.is_officer(user=by, partnership=partnership):
        raise NotAllowed("Only the partnership's officers can start an edition.")
    if call_closes < call_opens:
        raise DomainError("The call must close after it opens.")
    with transaction.atomic():
        if Edition.objects.filter(partnership=partnership, year=year).exists():
            raise DomainError(f"There is already a {year} edition.")
        edition = Edition.objects.create(
            partnership=partnership,
            year=year,
            title=title,
            call_opens=call_opens,
            call_closes=call_closes,
            **fields,
        )
        Award.objects.create(edition=edition)
    return edition


def edition_update(*, edition: Edition, by, **fields) -> Edition:
    """Editors change the call, foreword, cover and ISSN; the year never changes."""
    require_editor(edition, by)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(edition, name, value)
        edition.full_clean(exclude=["published_run", "withdrawn_by"])
        edition.contents_version += 1  # the public page's cached contents
        edition.save()
    return edition


def edition_set_editors(*, edition: Edition, users, by) -> None:
    """Only officers choose which members are editors (officers always are)."""
    if not permissions.is_officer(user=by, partnership=edition.partnership):
        raise NotAllowed("Only the partnership's officers choose the editors.")
    with transaction.atomic():
        edition.editors.set(users)


def section_create(*, edition: Edition, title: str, by) -> Section:
    """Sections are named once per edition and added at the end."""
    require_editor(edition, by)
    with transaction.atomic():
        if edition.sections.filter(title__iexact=title.strip()).exists():
            raise DomainError("There is already a section with that name.")
        last = edition.sections.order_by("-position").first()
        return Section.objects.create(
            edition=edition,
            title=title.strip(),
            position=(last.position + 1) if last else 0,
        )


def assembly_update(
    *, edition: Edition, by, placements: list[tuple[int, int | None, int]]
) -> None:
    """Editors place accepted articles into sections, in order."""
    require_editor(edition, by)
    sections = set(edition.sections.values_list("pk", flat=True))
    with transaction.atomic(durable=True):
        subs = {s.pk: s for s in edition.submissions.in_edition().select_for_update()}
        for submission_id, section_id, position in placements:
            if submission_id not in subs:
                raise DomainError(
                    "Only accepted articles of this edition can be placed."
                )
            if section_id is not None and section_id not in sections:
                raise DomainError("That section is not part of this edition.")
            sub = subs[submission_id]
            sub.section_id, sub.position = section_id, max(0, int(position))
            sub.save(update_fields=["section", "position", "updated"])
