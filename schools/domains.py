"""Sign-up email domains: who may sign up as staff of which school.

A domain lets anyone with an address on it sign up and join the school, so:
- a domain belongs to one school only (in force or awaiting approval);
- public webmail domains, and the local authority's own, are refused;
- a headteacher's change takes effect only once an officer of one of the school's
  partnerships approves it (until then the school keeps its current domains).
"""

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from partnership.kernel.errors import DomainError, NotAllowed
from partnership.services import NotificationKind, notify
from schools import permissions
from schools.models import School, User

# Addresses anyone can have. Extra ones (and the local authority's own domains) come
# from the settings: REFUSED_EMAIL_DOMAINS and LOCAL_AUTHORITY_EMAIL_DOMAINS.
PUBLIC_EMAIL_DOMAINS = frozenset(
    {
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "hotmail.co.uk",
        "live.com", "live.co.uk", "msn.com", "yahoo.com", "yahoo.co.uk", "ymail.com",
        "icloud.com", "me.com", "mac.com", "aol.com", "aol.co.uk", "protonmail.com",
        "proton.me", "gmx.com", "gmx.co.uk", "mail.com", "zoho.com", "yandex.com",
        "btinternet.com", "btopenworld.com", "sky.com", "talktalk.net",
        "virginmedia.com", "ntlworld.com", "tiscali.co.uk", "blueyonder.co.uk",
        "fastmail.com", "hey.com", "tutanota.com", "qq.com", "163.com",
    }
)  # fmt: skip

DOMAINS_FIELD = "email_domains"


def parse_domains(text: str) -> list[str]:
    """Comma-separated domains, normalised (lower case, no '@'), in order, once each."""
    domains = [d.strip().lower().lstrip("@").rstrip(".") for d in text.split(",")]
    return list(dict.fromkeys(d for d in domains if d))


def refused_domains() -> frozenset[str]:
    return (
        PUBLIC_EMAIL_DOMAINS
        | {d.lower() for d in getattr(settings, "REFUSED_EMAIL_DOMAINS", ())}
        | {d.lower() for d in getattr(settings, "LOCAL_AUTHORITY_EMAIL_DOMAINS", ())}
    )


def _is_refused(domain: str, refused: frozenset[str]) -> bool:
    # A subdomain of a refused domain (e.g. staff.gmail.com) is refused too.
    return any(domain == r or domain.endswith("." + r) for r in refused)


def _taken_by(school: School, domain: str) -> School | None:
    others = School.objects.exclude(pk=school.pk).filter(
        Q(email_domains__icontains=domain) | Q(pending_email_domains__icontains=domain)
    )
    for other in others:
        if domain in other.domains or domain in parse_domains(
            other.pending_email_domains
        ):
            return other
    return None


def check_domains(school: School, domains: list[str]) -> None:
    """Refuse public, local-authority or another school's domains."""
    refused = refused_domains()
    for domain in domains:
        if _is_refused(domain, refused):
            raise DomainError(
                f"{domain} is a public or shared email domain: anyone can have an "
                "address on it. Enter only your school's own domain.",
                field=DOMAINS_FIELD,
            )
        other = _taken_by(school, domain)
        if other is not None:
            raise DomainError(
                f"{domain} is already registered by another school ({other.name}). "
                "Contact the partnership office if it is yours.",
                field=DOMAINS_FIELD,
            )


def officers_of(school: School):
    """Officers of the partnerships the school belongs to now."""
    return User.objects.filter(
        officer_of__memberships__school=school,
        officer_of__memberships__left__isnull=True,
        is_active=True,
    ).distinct()


def domains_request(*, school: School, domains: list[str], requested_by: User) -> bool:
    """A change of domains: in force at once when an officer (or superuser) makes it;
    otherwise kept as pending and the officers are asked. True if it is pending.

    Call inside the transaction that saves the rest of the profile."""
    if domains == school.domains and not school.pending_email_domains:
        return False
    check_domains(school, domains)
    text = ", ".join(domains)
    if permissions.is_officer_for(requested_by, school):
        school.email_domains = text
        school.pending_email_domains, school.pending_domains_by = "", None
        return False
    if domains == school.domains:  # asked to go back to what is in force
        school.pending_email_domains, school.pending_domains_by = "", None
        return False
    school.pending_email_domains, school.pending_domains_by = text, requested_by
    for officer in officers_of(school):
        notify(
            recipient=officer,
            kind=NotificationKind.ACCOUNT,
            subject=f"{school.name} asks to change its sign-up email domains",
            body=f"{requested_by} asks that people with addresses on {text} may sign "
            f"up as staff of {school.name}. Approve or reject the change.",
            url=f"/schools/{school.urn}/domains/",
        )
    return True


def domains_decide(*, school: School, decided_by: User, approve: bool) -> School:
    """An officer approves (the pending domains take effect) or rejects the change."""
    if not permissions.is_officer_for(decided_by, school):
        raise NotAllowed("Only an officer of the school's partnership can decide.")
    with transaction.atomic(durable=True):
        school = School.objects.select_for_update().get(pk=school.pk)
        pending = parse_domains(school.pending_email_domains)
        if not school.pending_email_domains:
            raise DomainError("There is no change of email domains waiting.")
        requested_by = school.pending_domains_by
        if approve:
            check_domains(school, pending)
            school.email_domains = ", ".join(pending)
        school.pending_email_domains, school.pending_domains_by = "", None
        school.save(
            update_fields=[
                "email_domains",
                "pending_email_domains",
                "pending_domains_by",
            ]
        )
        if requested_by is not None:
            outcome = "approved" if approve else "rejected"
            notify(
                recipient=requested_by,
                kind=NotificationKind.ACCOUNT,
                subject=f"Your change of email domains was {outcome}",
                body=f"The change of {school.name}'s sign-up email domains to "
                f"{', '.join(pending)} was {outcome} by {decided_by}.",
                url=school.get_absolute_url(),
            )
    return school
