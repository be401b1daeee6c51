"""Services of the schools app: schools, staff, invitations and imports.

Services only change state: who may do what is asked of `schools.permissions`, and
reads live in `schools.selectors`. Every refusal is a kernel `DomainError`.
"""

import csv
import io
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from partnership.kernel.errors import DomainError, NotAllowed
from partnership.services import NotificationKind, notify, send_direct_email
from schools import gias, onspd, permissions, selectors
from schools.domains import domains_request, parse_domains
from schools.models import Invitation, School, Staff, User
from schools.roles import role_ended

# --- Schools ---------------------------------------------------------------------------

PROFILE_FIELDS = frozenset({"website", "telephone", "description"})


def school_profile_update(*, school: School, updated_by: User, data: dict) -> School:
    """A headteacher updates their school's public profile. A change of sign-up
    email domains waits for an officer's approval (`schools.domains`)."""
    if not permissions.may_edit_profile(updated_by, school):
        raise NotAllowed("Only the school's headteacher can edit its profile.")
    with transaction.atomic(durable=True):
        for name, value in data.items():
            if name in PROFILE_FIELDS:
                setattr(school, name, value)
        if "email_domains" in data:
            domains_request(
                school=school,
                domains=parse_domains(data["email_domains"]),
                requested_by=updated_by,
            )
        school.full_clean()
        school.save()
    return school


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)

    def summary(self) -> str:
        lines = [
            f"Created: {self.created}",
            f"Updated: {self.updated}",
            f"Skipped: {self.skipped}",
            f"Rejected: {len(self.rejected)}",
        ]
        lines += [f"  line {line}: {reason}" for line, reason in self.rejected]
        return "\n".join(lines)


def _gias_wanted(row: dict, la_wanted: str | None) -> bool:
    return not la_wanted or (row.get("LA (name)") or "").strip().lower() == la_wanted


def _school_save(parsed: gias.ParsedSchool) -> bool:
    """Create or update one school from a parsed row; True when it is new."""
    with transaction.atomic():
        school = School.objects.filter(urn=parsed.urn).first()
        created = school is None
        if created:
            school = School(urn=parsed.urn)
        for name, value in parsed.fields.items():
            setattr(school, name, value)
        school.full_clean()
        school.save()
    return created


def _reasons(exc: ValidationError) -> str:
    return "; ".join(
        f"{name}: {' '.join(msgs)}" for name, msgs in exc.message_dict.items()
    )


def schools_import_gias(
    *, text: str, local_authority: str | None = None, include_closed: bool = False
) -> ImportReport:
    """Create or update schools from a GIAS establishment CSV; bad rows are reported.

    Each row is its own transaction, so a bad row neither stops the import nor
    leaves anything half-written; a re-run updates by URN and never duplicates.
    """
    report = ImportReport()
    la_wanted = local_authority.strip().lower() if local_authority else None
    for line, row in gias.read_rows(text):
        if not _gias_wanted(row, la_wanted):
            report.skipped += 1
            continue
        try:
            parsed = gias.parse_row(row)
        except gias.RowError as exc:
            report.rejected.append((line, str(exc)))
            continue
        if parsed.fields["status"] == School.Status.CLOSED and not include_closed:
            report.skipped += 1
            continue
        try:
            created = _school_save(parsed)
        except ValidationError as exc:
            report.rejected.append((line, _reasons(exc)))
        else:
            report.created += created
            report.updated += not created
    return report


def _postcodes_save(batch: list, report: ImportReport) -> None:
    """Create or update one batch of parsed postcodes in one transaction."""
    from schools.models import Postcode

    fields = ["outward_code", "latitude", "longitude", "terminated"]
    with transaction.atomic():
        existing = Postcode.objects.in_bulk(
            [p.postcode for p in batch], field_name="postcode"
        )
        new, changed = {}, []
        for parsed in batch:
            row = existing.get(parsed.postcode) or new.get(parsed.postcode)
            if row is None:
                new[parsed.postcode] = Postcode(postcode=parsed.postcode)
                row = new[parsed.postcode]
            else:
                changed.append(row)
            for name in fields:
                setattr(row, name, getattr(parsed, name))
        Postcode.objects.bulk_create(new.values(), batch_size=2000)
        Postcode.objects.bulk_update(changed, fields, batch_size=2000)
    report.created += len(new)
    report.updated += len(changed)


def outward_codes_refresh() -> int:
    """Recompute every outward code's centre from its live postcodes."""
    from django.db.models import Avg, Count

    from schools.models import OutwardCode, Postcode

    centres = (
        Postcode.objects.filter(terminated__isnull=True)
        .values("outward_code")
        .annotate(lat=Avg("latitude"), lon=Avg("longitude"), n=Count("pk"))
    )
    with transaction.atomic():
        OutwardCode.objects.all().delete()
        OutwardCode.objects.bulk_create(
            OutwardCode(
                code=c["outward_code"],
                latitude=c["lat"],
                longitude=c["lon"],
                postcodes=c["n"],
            )
            for c in centres.order_by("outward_code")
        )
    return OutwardCode.objects.count()


def postcodes_import_onspd(*, text: str, batch_size: int = 5000) -> ImportReport:
    """Create or update postcodes from the ONS Postcode Directory CSV.

    Bad rows are reported with their line numbers and never stop the import; a
    re-run updates by postcode (a newly terminated postcode gets its date). Outward
    code centres are recomputed at the end.
    """
    report, batch = ImportReport(), []
    for line, row in onspd.read_rows(text):
        try:
            batch.append(onspd.parse_row(row))
        except onspd.RowError as exc:
            report.rejected.append((line, str(exc)))
        if len(batch) >= batch_size:
            _postcodes_save(batch, report)
            batch = []
    if batch:
        _postcodes_save(batch, report)
    outward_codes_refresh()
    return report


# --- Staff and invitations ---------------------------------------------------------------


def _check_role(role: str) -> None:
    if role not in Staff.Role.values:
        raise DomainError("Choose a role from the list.", field="role")


def staff_add(*, user: User, school: School, role: str, job_title: str = "") -> Staff:
    """Give a person a current role at a school (or change the role they have)."""
    with transaction.atomic():
        staff, created = Staff.objects.get_or_create(
            user=user,
            school=school,
            left__isnull=True,
            defaults={"role": role, "job_title": job_title},
        )
        if not created and (
            staff.role != role or (job_title and staff.job_title != job_title)
        ):
            staff.role = role
            staff.job_title = job_title or staff.job_title
            staff.save(update_fields=["role", "job_title"])
    return staff


def signup_confirmed(*, user: User, email: str) -> Staff | None:
    """A person who signed up confirmed their address: only now do they join the
    staff of the member school whose domain it is (as a teacher). An unconfirmed
    sign-up has no role anywhere. People who have ever had a role (invited, or
    removed by their head) are not added back by confirming an address."""
    if Staff.objects.filter(user=user).exists():
        return None
    school = selectors.member_school_for_email(email)
    if school is None:
        return None
    return staff_add(user=user, school=school, role=Staff.Role.TEACHER)


def staff_change_role(*, staff: Staff, role: str, changed_by: User) -> Staff:
    """A headteacher or officer changes a colleague's role at the school."""
    if not permissions.may_manage_staff(changed_by, staff.school):
        raise NotAllowed("You cannot manage this school's staff.")
    _check_role(role)
    with transaction.atomic(durable=True):
        staff.role = role
        staff.save(update_fields=["role"])
    return staff


def staff_remove(*, staff: Staff, removed_by: User) -> Staff:
    """Record that a person has left the school; their past work stays, and every
    right that came with the role ends in the same transaction."""
    if not permissions.may_manage_staff(removed_by, staff.school):
        raise NotAllowed("You cannot manage this school's staff.")
    if staff.user_id == removed_by.pk and staff.role == Staff.Role.HEADTEACHER:
        raise DomainError("You cannot remove yourself as headteacher.")
    with transaction.atomic(durable=True):
        staff.left = timezone.localdate()
        staff.save(update_fields=["left"])
        role_ended(school=staff.school, person=staff.user)
    return staff


def _send_invitation(invitation: Invitation) -> None:
    """Email the invitation through the outbox, to an address that may have no account."""
    url = reverse("schools:invitation_accept", kwargs={"token": invitation.token})
    send_direct_email(
        to=invitation.email,
        subject=f"You are invited to join {invitation.school.name} on the portal",
        body=(
            f"{invitation.invited_by} has invited you to join {invitation.school.name} "
            f"as {invitation.get_role_display().lower()}.\n\n"
            "Follow this link to accept (it works for 14 days):"
        ),
        url=url,
        event_key=f"invitation:{invitation.pk}",
    )


def _clean_invitee(school: School, email: str, role: str) -> str:
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="email") from exc
    _check_role(role)
    if selectors.is_current_staff(school=school, email=email):
        raise DomainError(f"{email} is already on this school's staff.", field="email")
    return email


def invitation_create(
    *, school: School, email: str, role: str, invited_by: User, full_name: str = ""
) -> Invitation:
    """A headteacher (for their school) or an officer invites someone by email."""
    if not permissions.may_invite(invited_by, school):
        raise NotAllowed("You cannot invite staff to this school.")
    email = _clean_invitee(school, email, role)
    with transaction.atomic():
        invitation = Invitation.objects.create(
            school=school,
            email=email,
            role=role,
            invited_by=invited_by,
            full_name=full_name.strip(),
        )
        _send_invitation(invitation)
    return invitation


def _invitee_account(
    invitation: Invitation, user: User | None, full_name: str, password: str
) -> User:
    """The account that accepts: the signed-in person, or one found or made by email."""
    if user is not None:
        if user.email.lower() != invitation.email.lower():
            raise DomainError(
                f"This invitation is for {invitation.email}. Sign out and accept it "
                "with that account."
            )
        return user
    user = User.objects.filter(email__iexact=invitation.email).first()
    if user is None:
        user = User.objects.create_user(
            email=invitation.email,
            password=password,
            full_name=full_name or invitation.full_name,
        )
    return user


def invitation_accept(
    *,
    invitation: Invitation,
    user: User | None = None,
    full_name: str = "",
    password: str = "",
) -> User:
    """Accept an invitation: an existing account gains the role, or a new one is made.

    The invitation link was sent to the address, so the address counts as verified.
    """
    with transaction.atomic(durable=True):
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_usable:
            raise DomainError("This invitation has expired or has already been used.")
        user = _invitee_account(invitation, user, full_name, password)
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        staff_add(user=user, school=invitation.school, role=invitation.role)
        invitation.accepted = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted", "accepted_by"])
        if invitation.invited_by:
            notify(
                recipient=invitation.invited_by,
                kind=NotificationKind.ACCOUNT,
                subject=f"{user} accepted your invitation",
                body=f"{user} ({user.email}) has joined {invitation.school.name}.",
                url=invitation.school.get_absolute_url(),
                event_key=f"invitation-accepted:{invitation.pk}",
            )
    return user


STAFF_CSV_COLUMNS = ("email", "full_name", "school_urn", "role")


def _staff_rows(text: str):
    """Yield (line number, row) pairs of a staff CSV, or refuse a file without columns."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    headers = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in STAFF_CSV_COLUMNS if c not in headers]
    if missing:
        raise DomainError(
            "The file needs the columns email, full_name, school_urn and role; missing: "
            + ", ".join(missing),
            field="file",
        )
    for row in reader:
        yield (
            reader.line_num,
            {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()},
        )


class _StaffRow(forms.Form):
    """One row of a staff CSV, validated before any of it reaches the database."""

    email = forms.EmailField(max_length=254)
    full_name = forms.CharField(max_length=150, required=False)
    school_urn = forms.IntegerField(
        min_value=1,
        max_value=999_999_999,
        error_messages=dict.fromkeys(
            ("required", "invalid", "min_value", "max_value"),
            "The school URN must be a number, for example 100001.",
        ),
    )
    role = forms.CharField(max_length=20, required=False)


def _row_problem(form: _StaffRow) -> str:
    return " ".join(" ".join(errors) for errors in form.errors.values())


def _invite_row(row: dict, imported_by: User) -> str:
    """Invite the person on one row; the reason it was refused, or ''."""
    form = _StaffRow({name: row.get(name, "") for name in STAFF_CSV_COLUMNS})
    if not form.is_valid():
        return _row_problem(form)
    data = form.cleaned_data
    school = School.objects.filter(urn=data["school_urn"]).first()
    if school is None:
        return f"no school with URN {row['school_urn']!r}"
    try:
        invitation_create(
            school=school,
            email=data["email"],
            role=data["role"].lower() or Staff.Role.TEACHER,
            invited_by=imported_by,
            full_name=data["full_name"],
        )
    except NotAllowed:
        return f"you cannot add staff to {school.name}"
    except DomainError as exc:
        return exc.message
    return ""


def staff_import_csv(*, text: str, imported_by: User) -> ImportReport:
    """An officer imports staff from a CSV (email, full_name, school_urn, role).

    Each person is invited by email; bad rows are reported with their line number.
    """
    report = ImportReport()
    for line, row in _staff_rows(text):
        refused = _invite_row(row, imported_by)
        if refused:
            report.rejected.append((line, refused))
        else:
            report.created += 1
    return report
