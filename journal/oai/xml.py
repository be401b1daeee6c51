"""Writing OAI-PMH responses and oai_dc records as XML (ElementTree escapes)."""

from __future__ import annotations

from xml.etree import ElementTree as ET  # noqa: N817 - the usual name

from django.conf import settings
from django.utils import timezone

from . import records

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
for _prefix, _uri in (("", OAI), ("oai_dc", OAI_DC), ("dc", DC), ("xsi", XSI)):
    ET.register_namespace(_prefix, _uri)


def _tag(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def sub(parent, name: str, text: str | None = None, namespace: str = OAI, **attrs):
    element = ET.SubElement(parent, _tag(namespace, name), attrs)
    if text is not None:
        element.text = text
    return element


def envelope(base_url: str, verb: str | None, args: dict[str, str]):
    """The <OAI-PMH> root with responseDate and request; returns the root."""
    root = ET.Element(_tag(OAI, "OAI-PMH"))
    root.set(
        _tag(XSI, "schemaLocation"),
        f"{OAI} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd",
    )
    sub(root, "responseDate", records.datestamp(timezone.now()))
    attrs = {"verb": verb, **args} if verb else {}
    sub(root, "request", base_url, **attrs)
    return root


def to_bytes(root) -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(
        root, encoding="utf-8"
    )


def identify(parent, base_url: str) -> None:
    box = sub(parent, "Identify")
    sub(box, "repositoryName", f"{settings.PORTAL_NAME}: teacher research journal")
    sub(box, "baseURL", base_url)
    sub(box, "protocolVersion", "2.0")
    sub(box, "adminEmail", settings.DEFAULT_FROM_EMAIL)
    sub(box, "earliestDatestamp", records.earliest_datestamp())
    sub(box, "deletedRecord", "no")
    sub(box, "granularity", "YYYY-MM-DDThh:mm:ssZ")


def metadata_formats(parent) -> None:
    box = sub(parent, "ListMetadataFormats")
    fmt = sub(box, "metadataFormat")
    sub(fmt, "metadataPrefix", "oai_dc")
    sub(fmt, "schema", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd")
    sub(fmt, "metadataNamespace", OAI_DC)


def header(parent, article) -> None:
    box = sub(parent, "header")
    sub(box, "identifier", records.identifier_for(article))
    edition = article.run.published_as
    sub(box, "datestamp", records.datestamp(edition.published_at))
    sub(box, "setSpec", edition.partnership.slug)
    sub(box, "setSpec", f"{edition.partnership.slug}:{edition.year}")


def _dc_values(article) -> list[tuple[str, str]]:
    edition = article.run.published_as
    snapshot = article.snapshot
    published = edition.first_published or edition.published_at
    site = settings.SITE_URL
    values = [("title", article.title)]
    values += [("creator", author["name"]) for author in article.authors]
    values += [("subject", subject) for subject in snapshot.get("subjects") or []]
    values += [
        ("description", snapshot.get("research_question") or ""),
        ("publisher", edition.partnership.name),
        ("date", f"{published:%Y-%m-%d}" if published else str(edition.year)),
        ("type", "Text"),
        ("type", "info:eu-repo/semantics/article"),
        ("format", "application/pdf"),
        ("identifier", f"{site}{article.get_absolute_url()}"),
    ]
    if article.pdf:
        values.append(("identifier", f"{site}{article.get_pdf_url()}"))
    values += [
        ("source", f"{edition.title}, {edition.year}, {article.pages_label}"),
        ("language", "en"),
    ]
    if edition.issn:
        values.append(("source", f"ISSN {edition.issn}"))
    return [(name, value) for name, value in values if value]


def record(parent, article) -> None:
    box = sub(parent, "record")
    header(box, article)
    metadata = sub(box, "metadata")
    dc = sub(metadata, "dc", namespace=OAI_DC)
    dc.set(
        _tag(XSI, "schemaLocation"),
        f"{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
    )
    for name, value in _dc_values(article):
        sub(dc, name, value, namespace=DC)
