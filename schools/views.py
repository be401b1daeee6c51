from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from partnership.kernel.errors import DomainError, NotAllowed
from partnership.kernel.forms import show_error
from schools import permissions, selectors, services
from schools.domains import domains_decide
from schools.forms import (
    DomainsDecisionForm,
    InvitationAcceptForm,
    InvitationForm,
    SchoolProfileForm,
    SchoolSearchForm,
    StaffImportForm,
    StaffRoleForm,
)
from schools.models import Invitation, School, Staff


def school_list(request):
    form = SchoolSearchForm(request.GET)
    query, phase = form.value("q"), form.value("phase")
    page = Paginator(selectors.school_list(query=query, phase=phase), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "schools/school_list.html",
        {
            "page": page,
            "query": query,
            "phase": phase,
            "phases": School.Phase.choices,
            "form": form,
        },
    )


def school_detail(request, urn):
    school = get_object_or_404(School, urn=urn)
    return render(
        request,
        "schools/school_detail.html",
        {
            "school": school,
            "can_manage": permissions.may_manage_school(request.user, school),
            "partnerships": selectors.school_partnerships(school=school),
        },
    )


def _manageable_school(request, urn) -> School:
    return get_object_or_404(selectors.manageable_schools(user=request.user), urn=urn)


@login_required
def school_edit(request, urn):
    school = _manageable_school(request, urn)
    form = SchoolProfileForm(request.POST or None, instance=school)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.school_profile_update(
                school=School.objects.get(pk=school.pk),
                updated_by=request.user,
                data=form.cleaned_data,
            )
        except NotAllowed as exc:
            raise Http404 from exc
        except (DomainError, ValidationError) as exc:
            show_error(form, exc)
        else:
            messages.success(request, _saved_message(saved))
            return redirect(school)
    return render(request, "schools/school_edit.html", {"school": school, "form": form})


def _saved_message(school: School) -> str:
    if school.pending_email_domains:
        return (
            "The school profile has been updated. The new email domains "
            f"({school.pending_email_domains}) take effect once a partnership officer "
            "approves them."
        )
    return "The school profile has been updated."


@login_required
def school_domains(request, urn):
    """An officer approves or rejects a school's change of sign-up email domains."""
    school = get_object_or_404(
        School.objects.served_by(request.user, "officer")
        if not request.user.is_superuser
        else School.objects.all(),
        urn=urn,
    )
    form = DomainsDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            domains_decide(
                school=school,
                decided_by=request.user,
                approve=form.cleaned_data["decision"] == "approve",
            )
        except NotAllowed as exc:
            raise Http404 from exc
        except DomainError as exc:
            show_error(form, exc)
        else:
            messages.success(request, "The decision on the email domains is saved.")
            return redirect(school)
    return render(
        request, "schools/school_domains.html", {"school": school, "form": form}
    )


def _staff_page(request, school: School, form, status: int = 200):
    return render(
        request,
        "schools/staff_manage.html",
        {
            "school": school,
            "staff": selectors.school_staff(school=school),
            "invitations": selectors.pending_invitations(school=school),
            "form": form,
            "role_choices": Staff.Role.choices,
        },
        status=status,
    )


@login_required
def staff_manage(request, urn):
    return _staff_page(request, _manageable_school(request, urn), InvitationForm())


@login_required
def staff_invite(request, urn):
    school = _manageable_school(request, urn)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                school=school,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                full_name=form.cleaned_data["full_name"],
                invited_by=request.user,
            )
        except DomainError as exc:
            show_error(form, exc)
        else:
            messages.success(
                request, f"An invitation has been emailed to {invitation.email}."
            )
            return redirect("schools:staff", urn=school.urn)
    return _staff_page(request, school, form, 400 if request.method == "POST" else 200)


@login_required
@require_POST
def staff_change_role(request, urn, staff_id):
    school = _manageable_school(request, urn)
    staff = get_object_or_404(selectors.school_staff(school=school), pk=staff_id)
    form = StaffRoleForm(request.POST)
    if form.is_valid():
        services.staff_change_role(
            staff=staff, role=form.cleaned_data["role"], changed_by=request.user
        )
        messages.success(
            request, f"{staff.user} is now {staff.get_role_display().lower()}."
        )
    else:
        messages.error(request, "Choose a role from the list.")
    return redirect("schools:staff", urn=school.urn)


@login_required
def staff_remove(request, urn, staff_id):
    """Asks first on a page of its own (GET), removes on POST."""
    school = _manageable_school(request, urn)
    staff = get_object_or_404(selectors.school_staff(school=school), pk=staff_id)
    if request.method != "POST":
        return render(
            request, "schools/staff_remove.html", {"school": school, "staff": staff}
        )
    try:
        services.staff_remove(staff=staff, removed_by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{staff.user} has been removed from {school.name}.")
    return redirect("schools:staff", urn=school.urn)


def invitation_accept(request, token):
    invitation = get_object_or_404(
        Invitation.objects.select_related("school"), token=token
    )
    if not invitation.is_usable:
        return render(
            request,
            "schools/invitation_used.html",
            {"invitation": invitation},
            status=410,
        )
    if request.user.is_authenticated:
        return _accept_signed_in(request, invitation)
    return _accept_new_account(request, invitation)


def _accept_signed_in(request, invitation):
    """A signed-in person accepts for their own account."""
    if request.method != "POST":
        return render(
            request,
            "schools/invitation_accept.html",
            {"invitation": invitation, "form": None},
        )
    try:
        services.invitation_accept(invitation=invitation, user=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("dashboard")
    messages.success(request, f"You have joined {invitation.school.name}.")
    return redirect("dashboard")


def _accept_new_account(request, invitation):
    """Someone signed out accepts: a new account, or their existing one's password."""
    form = InvitationAcceptForm(
        request.POST or None,
        email=invitation.email,
        initial={"full_name": invitation.full_name},
    )
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data["password1"]
        try:
            user = services.invitation_accept(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                password=password,
            )
        except DomainError as exc:
            show_error(form, exc)
        else:
            return _signed_in_after_accepting(request, invitation, user, password)
    return render(
        request,
        "schools/invitation_accept.html",
        {"invitation": invitation, "form": form},
    )


def _signed_in_after_accepting(request, invitation, user, password):
    if user.has_usable_password() and user.check_password(password):
        login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
        messages.success(request, f"Welcome. You have joined {invitation.school.name}.")
        return redirect("dashboard")
    messages.success(
        request,
        f"You have joined {invitation.school.name}. Sign in with your existing "
        "password.",
    )
    return redirect("account_login")


@login_required
def staff_import(request):
    if not permissions.may_import_staff(request.user):
        raise PermissionDenied
    form = StaffImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = services.staff_import_csv(
                text=form.cleaned_data["file"], imported_by=request.user
            )
        except DomainError as exc:
            show_error(form, exc)
        else:
            messages.success(request, f"{report.created} invitations sent.")
    return render(
        request, "schools/staff_import.html", {"form": form, "report": report}
    )
