"""Display helpers for journal pages: citation metadata and article sections."""

from django.conf import settings


class ArticlePresenter:
    """What an article page shows, and its Highwire citation_* meta tags."""

    SECTIONS = [
        ("context", "Context and rationale"),
        ("intervention", "What was tried"),
        ("methods", "Methods and evidence"),
        ("findings", "Findings"),
        ("impact", "Impact and next steps"),
    ]

    def __init__(self, article, *, request=None):
        self.article = article
        self.edition = article.run.edition
        self.snapshot = article.snapshot
        self.request = request

    def sections(self) -> list[tuple[str, str]]:
        return [
            (label, self.snapshot.get(key))
            for key, label in self.SECTIONS
            if self.snapshot.get(key)
        ]

    def references(self) -> list[str]:
        text = self.snapshot.get("references") or ""
        return [
            line.strip() for line in text.replace("\r", "").split("\n") if line.strip()
        ]

    def _absolute(self, path: str) -> str:
        if self.request is not None:
            return self.request.build_absolute_uri(path)
        return f"{settings.SITE_URL}{path}"

    def _pdf_url(self) -> str:
        """The article's own PDF; an article compiled before galleys had none."""
        if self.article.pdf:
            return self.article.get_pdf_url()
        return self.edition.pdf_url()

    def citation_meta(self) -> list[tuple[str, str]]:
        edition = self.edition
        published = edition.first_published or edition.published_at
        tags = [("citation_title", self.article.title)]
        tags += [("citation_author", a["name"]) for a in self.article.authors]
        tags += [
            (
                "citation_author_institution",
                self.snapshot.get("school", {}).get("name", ""),
            ),
            (
                "citation_publication_date",
                f"{published:%Y/%m/%d}" if published else str(edition.year),
            ),
            ("citation_journal_title", edition.title),
            ("citation_publisher", edition.partnership.name),
            ("citation_volume", str(edition.year)),
            ("citation_firstpage", str(self.article.first_page)),
            ("citation_lastpage", str(self.article.last_page)),
            ("citation_pdf_url", self._absolute(self._pdf_url())),
            (
                "citation_abstract_html_url",
                self._absolute(self.article.get_absolute_url()),
            ),
            ("citation_language", "en"),
        ]
        if edition.issn:
            tags.append(("citation_issn", edition.issn))
        return [(name, value) for name, value in tags if value]
