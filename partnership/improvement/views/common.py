"""Small helpers the improvement views share."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from partnership.kernel.errors import DomainError
from partnership.kernel.forms import show_error


def refuse_unless(allowed: bool) -> None:
    """Missing and forbidden are the same 404."""
    if not allowed:
        raise Http404


def act(request, form, template: str, context: dict, action, *, done: str, then):
    """Bind the form, call one service; on success a message and a redirect, on a
    domain error the form again with the message on its field."""
    if request.method == "POST" and form.is_valid():
        try:
            result = action(form.cleaned_data)
        except DomainError as error:
            show_error(form, error)
        else:
            messages.success(request, done)
            return redirect(then(result) if callable(then) else then)
    return render(request, template, {**context, "form": form}, status=_status(form))


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200
