"""The journal's OAI-PMH 2.0 endpoint (/journal/oai/), so BASE, Google Scholar and
other harvesters can collect the published articles' Dublin Core metadata.

`protocol` checks requests, `records` chooses the articles, `xml` writes the
answers. The view is `endpoint`.
"""

from .views import endpoint

__all__ = ["endpoint"]
