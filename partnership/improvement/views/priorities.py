"""Priority pages: a school's list, one priority, success measures, the outcome,
links, and support near the school."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from schools.directory.models import SupportOffer
from schools.models import School

from .. import permissions, selectors, services
from ..forms import (
    LinkForm,
    OutcomeForm,
    PriorityForm,
    SuccessMeasureForm,
    SupportRequestForm,
)
from ..models import Priority
from .common import act, refuse_unless


def _school(user, urn, *roles) -> School:
    return get_object_or_404(School.objects.served_by(user, *roles), urn=urn)


@login_required
def priority_list(request, urn):
    school = _school(request.user, urn)
    priorities = Priority.objects.filter(school=school).prefetch_related("measures")
    return render(
        request,
        "improvement/priority_list.html",
        {
            "school": school,
            "priorities": priorities,
            "may_add": permissions.may_enter_values(request.user, school.pk),
        },
    )


@login_required
def priority_create(request, urn):
    school = _school(request.user, urn, "headteacher", "officer")
    form = PriorityForm(request.POST or None)
    return act(
        request,
        form,
        "improvement/simple_form.html",
        {
            "heading": f"New priority for {school.name}",
            "back": f"/improvement/schools/{school.urn}/priorities/",
        },
        lambda d: services.priority_create(
            school=school,
            year=d["year"],
            title=d["title"],
            theme=d["theme"],
            subject=d["subject"],
            source=d["source"],
            review_on=d["review_on"],
            by=request.user,
        ),
        done="Priority recorded.",
        then=lambda p: p.get_absolute_url(),
    )


def _priority(user, pk, *, edit=False) -> Priority:
    queryset = (
        Priority.objects.editable_by(user)
        if edit
        else Priority.objects.visible_to(user)
    )
    return get_object_or_404(queryset.select_related("school", "subject"), pk=pk)


@login_required
def priority_detail(request, pk):
    priority = _priority(request.user, pk)
    return render(
        request,
        "improvement/priority_detail.html",
        {
            "priority": priority,
            "measures": priority.measures.all(),
            "projects": priority.projects.all(),
            "engagements": priority.engagements.select_related("offer"),
            "allocations": priority.allocations.select_related("fund"),
            "may_edit": permissions.may_edit_priority(request.user, priority),
            "is_head": permissions.is_head_of(request.user, priority.school_id),
        },
    )


@login_required
def measure_add(request, pk):
    priority = _priority(request.user, pk, edit=True)
    form = SuccessMeasureForm(request.POST or None)
    return act(
        request,
        form,
        "improvement/simple_form.html",
        {"heading": "Add a success measure", "back": priority.get_absolute_url()},
        lambda d: services.success_measure_add(priority=priority, by=request.user, **d),
        done="Success measure added.",
        then=priority.get_absolute_url(),
    )


@login_required
def priority_outcome(request, pk):
    priority = _priority(request.user, pk, edit=True)
    refuse_unless(permissions.is_head_of(request.user, priority.school_id))
    form = OutcomeForm(
        request.POST or None, priority=priority, initial={"outcome": priority.outcome}
    )
    return act(
        request,
        form,
        "improvement/simple_form.html",
        {
            "heading": f"Outcome of: {priority.title}",
            "back": priority.get_absolute_url(),
        },
        lambda d: services.priority_outcome_record(
            priority=priority,
            by=request.user,
            outcome=d["outcome"],
            note=d["note"],
            values=form.values(),
        ),
        done="Outcome recorded.",
        then=priority.get_absolute_url(),
    )


@login_required
def priority_link(request, pk):
    priority = _priority(request.user, pk, edit=True)
    form = LinkForm(request.POST or None, choices=selectors.linkable(priority=priority))
    return act(
        request,
        form,
        "improvement/simple_form.html",
        {"heading": "Link work to this priority", "back": priority.get_absolute_url()},
        lambda d: services.priority_link(priority=priority, by=request.user, **d),
        done="Links saved.",
        then=priority.get_absolute_url(),
    )


@login_required
def priority_support(request, pk):
    priority = _priority(request.user, pk)
    return render(
        request,
        "improvement/priority_support.html",
        {
            "priority": priority,
            "matches": selectors.matching_support(priority=priority),
        },
    )


@login_required
def priority_request(request, pk, offer_pk):
    priority = _priority(request.user, pk, edit=True)
    offer = get_object_or_404(
        SupportOffer.objects.select_related("recommendation__school"),
        pk=offer_pk,
        is_active=True,
        recommendation__status="published",
    )
    form = SupportRequestForm(request.POST or None, initial={"goals": priority.title})
    return act(
        request,
        form,
        "improvement/simple_form.html",
        {
            "heading": f"Ask {offer.recommendation.school.name}: {offer.title}",
            "back": f"{priority.get_absolute_url()}support/",
        },
        lambda d: services.priority_support_request(
            priority=priority, offer=offer, by=request.user, goals=d["goals"]
        ),
        done="Support requested and linked to the priority.",
        then=priority.get_absolute_url(),
    )
