"""Factories for research test data."""

import factory
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from research.models import Collaborator, Evidence, LogEntry, Project
from tests.factories import SchoolFactory, UserFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"
    b"\x00\x00\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00"
    b"\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def pdf_upload(name="results.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    title = factory.Sequence(lambda n: f"Research project {n}")
    slug = factory.Sequence(lambda n: f"research-project-{n}")
    research_question = "Does daily retrieval practice help pupils remember?"
    school = factory.SubFactory(SchoolFactory)
    lead = factory.SubFactory(UserFactory)
    findings = "Pupils remembered more."
    rendered = factory.LazyAttribute(
        lambda p: {"findings": f"<p>{p.findings}</p>"} if p.findings else {}
    )


class CollaboratorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collaborator

    project = factory.SubFactory(ProjectFactory)
    user = factory.SubFactory(UserFactory)


class LogEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LogEntry

    project = factory.SubFactory(ProjectFactory)
    kind = LogEntry.Kind.PLAN
    date = factory.Faker("date_this_year")
    body = "Planned the first cycle."
    body_html = "<p>Planned the first cycle.</p>"


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    project = factory.SubFactory(ProjectFactory)
    file = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="results.pdf"))
    original_name = "results.pdf"
    kind = "pdf"
    size = len(PDF_BYTES)
