"""Markdown goes through nh3: no script, event handlers or styling survive."""

import pytest

from partnership.writing import render_markdown
from research import services
from research.models import Project

ATTACKS = [
    "<script>alert('x')</script>",
    '<img src="https://tracker.example/p.png" onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    '<p onclick="alert(1)" style="position:fixed;top:0">cover</p>',
    "<style>body{display:none}</style>",
    '<iframe src="https://evil.example"></iframe>',
    '<svg onload="alert(1)"></svg>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">data</a>',
    '<form action="https://evil.example"><input name="password"></form>',
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_dangerous_markup_is_removed(attack):
    html = render_markdown(f"Before\n\n{attack}\n\nAfter").lower()

    for needle in [
        "<script",
        "onerror",
        "onclick",
        "onload",
        "style",
        "javascript:",
        "data:",
        "<iframe",
        "<img",
        "<svg",
        "<form",
        "<input",
    ]:
        assert needle not in html
    assert "before" in html
    assert "after" in html


def test_ordinary_markdown_is_kept():
    html = render_markdown(
        "# Findings\n\nPupils **remembered** more, *especially* boys.\n\n"
        "- one\n- two\n\n> a quote\n\n"
        "See [the EEF guide](https://educationendowmentfoundation.org.uk) "
        "or [email me](mailto:a@b.example)."
    )

    assert "<h2>Findings</h2>" in html
    assert "<strong>remembered</strong>" in html
    assert "<em>especially</em>" in html
    assert "<li>one</li>" in html
    assert "<blockquote>" in html
    assert 'href="https://educationendowmentfoundation.org.uk"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
    assert 'href="mailto:a@b.example"' in html


def test_an_empty_field_renders_as_nothing():
    assert render_markdown("   \n") == ""


def test_the_service_stores_sanitised_html_and_the_page_shows_it(
    client, school, teacher
):
    project = services.project_create(
        lead=teacher,
        school=school,
        data={
            "title": "Oracy in Year 2",
            "research_question": "Do talk partners help?",
            "visibility": Project.Visibility.PUBLIC,
            "findings": 'It **worked**<script>steal()</script><b onmouseover="x()">!</b>',
        },
    )

    assert project.findings.endswith('<b onmouseover="x()">!</b>')  # kept as typed
    assert "<script" not in project.rendered["findings"]
    page = client.get(project.get_absolute_url()).content.decode()
    assert "<strong>worked</strong>" in page
    assert "steal()" not in page
    assert "onmouseover" not in page
