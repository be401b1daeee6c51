"""The certificate of attendance as a PDF (WeasyPrint), with the partnership's name."""

from django.template.loader import render_to_string
from django.utils import timezone

from .models import Certificate


def render_certificate(certificate: Certificate) -> bytes:
    from weasyprint import HTML

    booking = certificate.booking
    event = booking.event
    html = render_to_string(
        "events/certificate_pdf.html",
        {
            "person": booking.person,
            "event": event,
            "sessions": list(event.sessions.all()),
            "partnership": event.partnership,
            "issued": timezone.localdate(),
        },
    )
    return HTML(string=html).write_pdf()
