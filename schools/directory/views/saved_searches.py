"""Saved searches: save the search on the page, list them, remove one (after a
page that asks first)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from partnership.kernel.forms import show_error

from .. import services
from ..errors import DirectoryError
from ..forms import SavedSearchForm
from ..models import SavedSearch


@login_required
def saved_searches(request):
    """Your saved searches; POST saves the search described by the form's query."""
    form = SavedSearchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            search = services.saved_search_create(
                user=request.user,
                name=form.cleaned_data["name"],
                params=QueryDict(form.cleaned_data["query"]),
            )
        except DirectoryError as error:
            show_error(form, error)
        else:
            messages.success(
                request,
                f"Search saved: “{search.name}”. We will email {request.user.email} "
                "when a newly published recommendation matches it.",
            )
            return redirect("directory:saved_searches")
    return render(
        request,
        "directory/saved_searches.html",
        {
            "form": form,
            "searches": SavedSearch.objects.filter(user=request.user),
        },
    )


@login_required
def saved_search_delete(request, pk):
    search = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    if request.method == "POST":
        services.saved_search_delete(user=request.user, saved_search=search)
        messages.success(request, f"You no longer follow “{search.name}”.")
        return redirect(reverse("directory:saved_searches"))
    return render(request, "directory/saved_search_delete.html", {"search": search})
