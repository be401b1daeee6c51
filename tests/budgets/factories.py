"""Test data for budgets. Money moves only through the services, as in real use."""

import io
import zipfile
from datetime import date
from decimal import Decimal

import factory
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partnership.budgets import services
from partnership.budgets.models import Fund
from tests.factories import PartnershipFactory, StaffFactory, UserFactory

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01"
    b"\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def receipt_pdf(name: str = "receipt.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def receipt_png(name: str = "receipt.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def receipt_docx_named_pdf() -> SimpleUploadedFile:
    """A Word document wearing a .pdf name: a receipt of the wrong type."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(
        "receipt.pdf", buffer.getvalue(), content_type="application/pdf"
    )


def html_named_pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "receipt.pdf",
        b"<html><script>alert(1)</script></html>",
        content_type="text/html",
    )


class FundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fund

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Development fund {n}")
    total = Decimal("100000.00")
    starts = date(2024, 4, 1)
    ends = date(2027, 3, 31)
    approval_threshold = Decimal("10000.00")
    created_by = factory.SubFactory(UserFactory)


def make_officer(partnership, **kwargs):
    user = UserFactory(**kwargs)
    partnership.officers.add(user)
    return user


def make_head(school, **kwargs):
    return StaffFactory(
        school=school, role="headteacher", user=UserFactory(**kwargs)
    ).user


def approved_allocation(*, fund, amount, proposer, approvers, school=None, theme=""):
    """An allocation proposed by one person and approved by the others."""
    allocation = services.allocation_propose(
        fund=fund, school=school, theme=theme, amount=amount, proposed_by=proposer
    )
    for approver in approvers:
        allocation = services.allocation_approve(
            allocation=allocation, approved_by=approver
        )
    return allocation


def submit_claim(
    *,
    allocation,
    claimant,
    amount,
    spent_on=date(2025, 5, 1),
    category="training",
    receipt=None,
):
    return services.claim_submit(
        allocation=allocation,
        amount=amount,
        spent_on=spent_on,
        category=category,
        description="Course fees",
        receipt=receipt or receipt_pdf(),
        claimant=claimant,
    )


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def second_officer(partnership):
    return make_officer(
        partnership, email="second.officer@riverside.gov.example", full_name="Tom Reid"
    )


@pytest.fixture
def fund(partnership, officer):
    return FundFactory(
        partnership=partnership, created_by=officer, name="Development fund"
    )


@pytest.fixture
def allocation(fund, school, officer, second_officer, media_root):
    """£1,000.00 for the headteacher's school, approved."""
    return approved_allocation(
        fund=fund,
        school=school,
        amount=Decimal("1000.00"),
        proposer=officer,
        approvers=[second_officer],
    )


def legacy_claim(*, allocation, claimant, amount):
    """A waiting claim made before submissions reserved money (as in the issue:
    three claims of £9,000 against £26,787.15), written directly, so approvals
    must still check the balance themselves."""
    from partnership.budgets.models import Claim, ClaimTransition

    claim = Claim(
        allocation=allocation,
        amount=amount,
        spent_on=date(2025, 5, 1),
        category="training",
        description="Course fees",
        receipt_kind="pdf",
        receipt_name="receipt.pdf",
        claimant=claimant,
    )
    claim.receipt.save("receipt.pdf", receipt_pdf(), save=False)
    claim.save()
    ClaimTransition.record(
        subject=claim, by=claimant, from_status="", to_status=claim.status
    )
    return claim
