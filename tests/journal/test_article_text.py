from journal.templatetags.journal_tags import article_html


def test_markdown_in_a_snapshot_is_rendered_and_sanitised():
    html = article_html(
        {"findings": "Scores **rose**.\n\n<script>alert(1)</script>"}, "findings"
    )
    assert "<strong>rose</strong>" in html
    assert "<script" not in html


def test_the_snapshots_own_rendering_is_used_but_cleaned_again():
    snapshot = {
        "findings": "ignored",
        "html": {"findings": '<p onclick="x()">Kept</p><script>alert(1)</script>'},
    }
    html = article_html(snapshot, "findings")
    assert "Kept" in html
    assert "onclick" not in html
    assert "<script" not in html


def test_a_missing_field_is_empty():
    assert article_html({}, "impact") == ""
