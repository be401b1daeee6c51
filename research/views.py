"""Pages of action research. Each view loads through visible_to/editable_by (404
for anything a person may not see), binds a form, calls one service, redirects."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from partnership.kernel.errors import DomainError, NotAllowed
from partnership.kernel.forms import show_error
from partnership.kernel.versions import VersionUnavailable, content_version
from partnership.pagination import CappedPaginator
from partnership.uploads import attachment_response
from partnership.writing import render_markdown
from research import permissions, presenters, selectors, services
from research.filters import ProjectFilter
from research.forms import (
    EvidenceForm,
    FeedbackForm,
    InviteForm,
    LogEntryForm,
    ProjectForm,
    StatusForm,
)
from research.models import Collaborator, Evidence, Project
from schools.models import remember_served

PAGE_SIZE = 20
LIST_CAP = 1000
INVITED = (
    "If {email} belongs to a colleague at a member school, they have been emailed "
    "an invitation. They join the team when they accept."
)
PDF_CACHE_SECONDS = 24 * 60 * 60


def index(request):
    # A page that only reads: the person's schools are fetched once (two small
    # queries) and visible_to filters by their ids, instead of an EXISTS per school
    # of the register in both of the search's queries.
    remember_served(request.user)
    filters = ProjectFilter(
        request.GET or None, queryset=selectors.project_list(user=request.user)
    )
    projects = filters.qs if filters.is_bound else filters.queryset
    # A search's ranked candidates carry their own bound (RESEARCH_SEARCH_CANDIDATES).
    cap = getattr(projects, "cap", LIST_CAP)
    # A page reads only the values its rows show.
    if isinstance(projects, QuerySet):
        projects = presenters.list_values(projects)
    else:
        projects.rows = presenters.list_values(projects.rows)
    page = CappedPaginator(projects, PAGE_SIZE, cap=cap).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "research/index.html",
        {
            "filters": filters,
            "page": page,
            "rows": presenters.list_rows(page.object_list),
            "searching": bool(request.GET.get("q")),
            "filters_cache_key": _unfiltered_key(request, filters),
        },
    )


def _unfiltered_key(request, filters) -> str | None:
    """The cache key of the filter column while no filter is set and nothing is in
    error (the same markup for everyone), or None: then it is rendered as usual.
    Its choices are subjects (the schools part) and the years up to next year."""
    if filters.form.errors or any(
        request.GET.get(name) for name in filters.form.fields if name != "q"
    ):
        return None
    try:
        version = content_version("schools")
    except VersionUnavailable:
        return None
    return f"{version}:{timezone.localdate().year}"


def _editable(request, slug) -> Project:
    return get_object_or_404(Project.objects.editable_by(request.user), slug=slug)


def _visible(request, slug) -> Project:
    return get_object_or_404(Project.objects.visible_to(request.user), slug=slug)


def _preview(form) -> list[tuple[str, str]]:
    """The Markdown fields as they will appear, from what was typed (not saved)."""
    return [
        (form.fields[name].label, render_markdown(form.data.get(name, "")))
        for name in presenters.WRITING_FIELDS
        if form.data.get(name, "").strip()
    ]


@login_required
def project_create(request):
    schools = permissions.schools_to_start_at(request.user)
    if not schools.exists():
        raise Http404("You need to be on the staff of a school to start a project.")
    form = ProjectForm(request.POST or None, schools=schools)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(
                lead=request.user,
                school=form.cleaned_data["school"],
                data=form.service_data(),
                subjects=form.cleaned_data["subjects"],
            )
        except (DomainError, ValidationError) as exc:
            show_error(form, exc)
        else:
            messages.success(request, "Your project has been started as a draft.")
            return redirect(project)
    return render(request, "research/project_form.html", {"form": form})


@login_required
@require_POST
def project_create_preview(request):
    form = ProjectForm(
        request.POST, schools=permissions.schools_to_start_at(request.user)
    )
    form.is_valid()
    return render(
        request, "research/project_form.html", {"form": form, "preview": _preview(form)}
    )


@login_required
def project_edit(request, slug):
    project = _editable(request, slug)
    # The form works on its own copy, so the page keeps the saved title on errors.
    form = ProjectForm(
        request.POST or None, instance=Project.objects.get(pk=project.pk)
    )
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_update(
                project=project,
                updated_by=request.user,
                data=form.service_data(),
                subjects=form.cleaned_data["subjects"],
            )
        except (DomainError, ValidationError) as exc:
            show_error(form, exc)
        else:
            messages.success(request, "Your changes have been saved.")
            return redirect(project)
    return render(
        request, "research/project_form.html", {"form": form, "project": project}
    )


@login_required
@require_POST
def project_edit_preview(request, slug):
    project = _editable(request, slug)
    form = ProjectForm(request.POST, instance=Project.objects.get(pk=project.pk))
    form.is_valid()
    return render(
        request,
        "research/project_form.html",
        {"form": form, "project": project, "preview": _preview(form)},
    )


def _detail_context(request, project, **forms) -> dict:
    user = request.user
    can_edit = permissions.may_edit(user, project)
    context = {
        "project": project,
        "view": presenters.ProjectPresenter(project),
        "can_edit": can_edit,
        "log_entries": project.log_entries.select_related("author").prefetch_related(
            "evidence"
        ),
        "evidence": project.evidence.select_related("uploaded_by"),
        "history": project.status_changes.select_related("by"),
        "next_statuses": presenters.next_statuses(project) if can_edit else [],
        "my_invitation": (
            project.collaborators.filter(user=user, accepted__isnull=True).first()
            if user.is_authenticated
            else None
        ),
    }
    if user.is_authenticated:
        context["feedback"] = project.feedback.select_related("author")
        context["feedback_form"] = forms.get("feedback_form") or FeedbackForm()
    return context


def project_detail(request, slug):
    project = selectors.project_detail(user=request.user, slug=slug)
    return render(
        request, "research/project_detail.html", _detail_context(request, project)
    )


def project_pdf(request, slug):
    """The project as a PDF document, made by WeasyPrint from a print template.

    Rendering takes a noticeable fraction of a second, so the file is cached until
    the project next changes (every service that changes what it shows bumps
    `updated`).
    """
    project = selectors.project_detail(user=request.user, slug=slug)
    key = f"research:pdf:{project.pk}:{project.updated.timestamp()}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = _render_pdf(request, project)
        cache.set(key, pdf, timeout=PDF_CACHE_SECONDS)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{project.slug}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _render_pdf(request, project) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "research/project_pdf.html",
        {
            "project": project,
            "view": presenters.ProjectPresenter(project),
            "page_url": request.build_absolute_uri(project.get_absolute_url()),
            "PORTAL_NAME": settings.PORTAL_NAME,
        },
    )
    return HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()


@login_required
@require_POST
def project_status(request, slug):
    project = _editable(request, slug)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a status.")
        return redirect(project)
    try:
        project = services.project_set_status(
            project=project,
            to_status=form.cleaned_data["to_status"],
            by=request.user,
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"The project is now {project.get_status_display().lower()}."
        )
    return redirect(project)


@login_required
def log_entry_add(request, slug):
    project = _editable(request, slug)
    form = LogEntryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.log_entry_add(
                project=project,
                author=request.user,
                kind=form.cleaned_data["kind"],
                on=form.cleaned_data["date"],
                body=form.cleaned_data["body"],
                upload=form.cleaned_data.get("file"),
                upload_description=form.cleaned_data.get("file_description", ""),
            )
        except (DomainError, ValidationError) as exc:
            show_error(form, exc)
        else:
            messages.success(request, "The entry has been added to the cycle log.")
            return redirect(f"{project.get_absolute_url()}#cycle-log")
    return render(
        request, "research/log_entry_form.html", {"form": form, "project": project}
    )


@login_required
def evidence_add(request, slug):
    project = _editable(request, slug)
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.evidence_add(
                project=project,
                uploaded_by=request.user,
                upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, "The file has been added to the evidence.")
            return redirect(f"{project.get_absolute_url()}#evidence")
    return render(
        request, "research/evidence_form.html", {"form": form, "project": project}
    )


def evidence_download(request, slug, pk):
    project = _visible(request, slug)
    evidence = get_object_or_404(Evidence, project=project, pk=pk)
    return attachment_response(
        evidence.file, download_name=evidence.original_name, kind=evidence.kind
    )


@login_required
def evidence_delete(request, slug, pk):
    """Asks first on a page of its own (GET), removes on POST."""
    project = _editable(request, slug)
    evidence = get_object_or_404(Evidence, project=project, pk=pk)
    if request.method != "POST":
        return render(
            request,
            "research/evidence_delete.html",
            {"project": project, "evidence": evidence},
        )
    services.evidence_delete(evidence=evidence, deleted_by=request.user)
    messages.success(request, f"{evidence.original_name} has been removed.")
    return redirect(f"{project.get_absolute_url()}#evidence")


@login_required
@require_POST
def feedback_add(request, slug):
    project = selectors.project_detail(user=request.user, slug=slug)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            services.feedback_add(
                project=project, author=request.user, body=form.cleaned_data["body"]
            )
        except (DomainError, ValidationError) as exc:
            show_error(form, exc)
        else:
            messages.success(
                request, "Thank you. Your feedback has been sent to the team."
            )
            return redirect(f"{project.get_absolute_url()}#feedback")
    return render(
        request,
        "research/project_detail.html",
        _detail_context(request, project, feedback_form=form),
    )


@login_required
def team(request, slug):
    project = _editable(request, slug)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.collaborator_invite(
                project=project,
                email=form.cleaned_data["email"],
                invited_by=request.user,
            )
        except (DomainError, ValidationError) as exc:
            show_error(form, exc)
        else:
            # The same words whether or not the address belongs to anyone.
            messages.success(request, INVITED.format(email=form.cleaned_data["email"]))
            return redirect("research:team", slug=project.slug)
    return render(
        request,
        "research/team.html",
        {
            "project": project,
            "form": form,
            "collaborators": project.collaborators.select_related("user", "school"),
            "is_lead": project.lead_id == request.user.pk,
        },
    )


@login_required
@require_POST
def collaborator_remove(request, slug, pk):
    project = _editable(request, slug)
    collaborator = get_object_or_404(
        Collaborator.objects.select_related("user", "project"), project=project, pk=pk
    )
    try:
        services.collaborator_remove(collaborator=collaborator, removed_by=request.user)
    except NotAllowed as exc:
        raise Http404 from exc
    messages.success(request, f"{collaborator.user} is no longer on the team.")
    return redirect("research:team", slug=project.slug)


def _my_invitation(request, slug) -> Collaborator:
    return get_object_or_404(
        Collaborator.objects.select_related("project"),
        project__slug=slug,
        user=request.user,
        accepted__isnull=True,
    )


@login_required
@require_POST
def invitation_accept(request, slug):
    invitation = _my_invitation(request, slug)
    services.collaborator_accept(collaborator=invitation, user=request.user)
    messages.success(
        request, f"You have joined \u201c{invitation.project.title}\u201d."
    )
    return redirect(invitation.project)


@login_required
@require_POST
def invitation_decline(request, slug):
    invitation = _my_invitation(request, slug)
    services.collaborator_decline(collaborator=invitation, user=request.user)
    messages.success(request, "You have declined the invitation.")
    return redirect("dashboard")
