"""The signed-in page of the improvement cycle."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .. import selectors


@login_required
def home(request):
    return render(request, "improvement/home.html", selectors.hub(user=request.user))
