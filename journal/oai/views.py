"""The OAI-PMH endpoint: one URL, the verb in the query (GET or POST)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import records, xml
from .protocol import OaiError, make_token, parse

PAGE_SIZE = 100


def _base_url() -> str:
    return f"{settings.SITE_URL}{reverse('journal:oai')}"


def _list(parent, request) -> None:
    articles = records.select(request)
    total = articles.count()
    if request.offset and request.offset >= total:
        raise OaiError("badResumptionToken", "The list has changed; start again.")
    if total == 0:
        raise OaiError("noRecordsMatch", "No published article matches.")
    page = list(articles[request.offset : request.offset + PAGE_SIZE])
    box = xml.sub(parent, request.verb)
    for article in page:
        if request.verb == "ListRecords":
            xml.record(box, article)
        else:
            xml.header(box, article)
    following = request.offset + len(page)
    if request.offset or following < total:
        token = make_token(request, following) if following < total else ""
        xml.sub(
            box,
            "resumptionToken",
            token,
            completeListSize=str(total),
            cursor=str(request.offset),
        )


def _list_sets(parent) -> None:
    found = records.sets()
    if not found:
        raise OaiError("noSetHierarchy", "Nothing is published yet.")
    box = xml.sub(parent, "ListSets")
    for spec, name in found:
        item = xml.sub(box, "set")
        xml.sub(item, "setSpec", spec)
        xml.sub(item, "setName", name)


def _one(request):
    article = records.find(request.identifier)
    if article is None:
        raise OaiError("idDoesNotExist", "No published article has that identifier.")
    return article


def _answer(parent, request) -> None:
    if request.verb == "Identify":
        xml.identify(parent, _base_url())
    elif request.verb == "ListMetadataFormats":
        if request.identifier:
            _one(request)
        xml.metadata_formats(parent)
    elif request.verb == "ListSets":
        _list_sets(parent)
    elif request.verb == "GetRecord":
        article = _one(request)
        xml.record(xml.sub(parent, "GetRecord"), article)
    else:
        _list(parent, request)


@csrf_exempt  # harvesters POST without a session; nothing is changed
@require_http_methods(["GET", "HEAD", "POST"])
def endpoint(request):
    query = request.POST if request.method == "POST" else request.GET
    try:
        parsed = parse(query)
    except OaiError as error:
        # The request element echoes the arguments only when they were valid.
        root = xml.envelope(_base_url(), None, {})
        xml.sub(root, "error", error.message, code=error.code)
    else:
        root = xml.envelope(_base_url(), parsed.verb, parsed.args)
        try:
            _answer(root, parsed)
        except OaiError as error:
            xml.sub(root, "error", error.message, code=error.code)
    return HttpResponse(xml.to_bytes(root), content_type="text/xml; charset=utf-8")
