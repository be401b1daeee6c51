"""Hostile Markdown cannot stall the site: the renderer's input is bounded (length,
nesting, brackets, tags) before Python-Markdown sees it, for every Markdown field,
and every text a person types has a length limit at its form."""

import re

import pytest
from django.urls import reverse

from partnership import writing
from research.models import Feedback
from tests.research.factories import ProjectFactory
from tests.research.test_views import FORM
from tests.security.forms_walker import all_form_classes, text_fields

NESTED_LIST = "\n".join("    " * depth + "- item" for depth in range(600))
NESTED_QUOTES = "\n".join(">" * depth + " quote" for depth in range(1, 600))
NESTED_ON_ONE_LINE = "- " * 600 + "deep"
HOSTILE = {
    "brackets": "[" * 6000,
    "bracketed words": "[a" * 9000,
    "bracket lines": ("[a " * 60 + "\n") * 100,
    "tags": "<a " * 9000,
    "tags in paragraphs": "<a \n\n" * 4000,
    "nested list": NESTED_LIST,
    "nested quotes": NESTED_QUOTES,
    "nested on one line": NESTED_ON_ONE_LINE,
    "numbered on one line": "1. " * 600 + "deep",
    "quote marks": "> " * 600 + "deep",
    "tabs": "\n".join("\t" * depth + "- x" for depth in range(600)),
    "too long": "word " * 50_000,
}


def _bracket_work(text: str) -> int:
    return sum(block.count("[") * len(block) for block in re.split(r"\n[ \t]*\n", text))


def _depth(line: str) -> int:
    indent = len(line) - len(line.lstrip(" \t"))
    markers = re.match(r"^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))*", line)
    return max(
        len(line[:indent].expandtabs(4)) // 4,
        len(re.findall(r"[>*+-]|\d+[.)]", markers[0])),
    )


@pytest.mark.parametrize("name", HOSTILE)
def test_the_renderer_works_within_its_bounds_on_hostile_text(name):
    # Given hostile text, when it is bounded for the renderer
    source = writing.bounded_source(HOSTILE[name])
    # Then what Python-Markdown gets is within every bound
    assert len(source.replace("&#91;", "[").replace("&lt;", "<")) <= (
        writing.MAX_MARKDOWN_CHARS
    )
    assert _bracket_work(source) <= writing.MAX_BRACKET_WORK
    assert len(re.findall(r"<(?=[A-Za-z/!?])", source)) <= writing.MAX_TAG_OPENERS
    assert max(_depth(line) for line in source.split("\n")) <= writing.MAX_NESTING + 1
    # And it renders (no RecursionError) to sanitised HTML
    html = writing.render_markdown(HOSTILE[name])
    assert "<script" not in html


def test_ordinary_writing_is_rendered_as_before():
    text = (
        "## Findings\n\nSee [the report](https://example.org/r) and "
        "[notes](https://example.org/n).\n\n- one\n    - two\n\n> quoted\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    assert writing.bounded_source(text) == text
    html = writing.render_markdown(text)
    assert '<a href="https://example.org/r"' in html
    assert "<li>two</li>" in html
    assert "<table>" in html


def test_brackets_past_the_budget_are_shown_as_text():
    html = writing.render_markdown("[" * 6000)
    assert html.count("[") + html.count("&#91;") >= 6000 or "[[[" in html


@pytest.fixture
def lead_client(client, teacher):
    client.force_login(teacher)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["brackets", "nested list", "nested on one line"])
def test_the_research_preview_answers_hostile_markdown(lead_client, school, name):
    response = lead_client.post(
        reverse("research:create_preview"),
        {**FORM, "school": school.pk, "findings": HOSTILE[name]},
    )
    assert response.status_code == 200
    assert 'id="preview"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["brackets", "nested on one line", "numbered on one line", "quote marks"]
)
def test_saved_feedback_of_hostile_markdown_is_stored_and_shown(
    client, school, headteacher, name
):
    project = ProjectFactory(school=school)
    client.force_login(headteacher)
    response = client.post(
        reverse("research:feedback", args=[project.slug]), {"body": HOSTILE[name]}
    )
    assert response.status_code == 302
    assert Feedback.objects.get().body == HOSTILE[name]
    assert client.get(project.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_over_long_feedback_is_refused_and_nothing_is_saved(
    client, school, headteacher
):
    project = ProjectFactory(school=school)
    client.force_login(headteacher)
    response = client.post(
        reverse("research:feedback", args=[project.slug]), {"body": "x" * 20_001}
    )
    assert "Ensure this value has at most 20000 characters" in (
        response.content.decode().replace("20,000", "20000")
    )
    assert not Feedback.objects.exists()


def test_every_form_finds_its_way_into_the_walk():
    names = {f"{c.__module__}.{c.__name__}" for c in all_form_classes()}
    assert "research.forms.ProjectForm" in names
    assert "journal.forms.ReviewForm" in names
    assert "partnership.budgets.forms.ClaimForm" in names
    assert "schools.directory.forms.CaseStudyForm" in names
    assert "schools.forms.SchoolSearchForm" in names
    assert len(names) > 40


def test_every_text_field_of_every_form_has_a_length_limit():
    unbounded = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in all_form_classes()
        for name, field in text_fields(form)
        if field.max_length is None
    ]
    assert unbounded == []
