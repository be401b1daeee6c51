from django.urls import path

from journal import oai
from journal.feeds import JournalFeed
from journal.views import authors, editors, legacy, production, public

app_name = "journal"

manage = "manage/<int:pk>/"
submission = manage + "submissions/<int:submission_pk>/"
year = "<slug:partnership>/<int:year>/"

urlpatterns = [
    path("", public.archive, name="index"),
    path("feed/", JournalFeed(), name="feed"),
    path("oai/", oai.endpoint, name="oai"),
    # Authors and reviewers
    path("submit/", authors.submit_start, name="submit"),
    path("submit/<slug:slug>/", authors.submit_project, name="submit_project"),
    path("submissions/<int:pk>/", authors.submission_detail, name="submission"),
    path(
        "submissions/<int:pk>/confirm/",
        authors.submission_confirm,
        name="submission_confirm",
    ),
    path(
        "submissions/<int:pk>/withdraw/",
        authors.submission_withdraw,
        name="submission_withdraw",
    ),
    path(
        "submissions/<int:pk>/revise/",
        authors.submission_revise,
        name="submission_revise",
    ),
    path("reviews/<int:pk>/", authors.review_detail, name="review"),
    path("reviews/<int:pk>/decline/", authors.review_decline, name="review_decline"),
    # Editors
    path("manage/", editors.manage_list, name="manage"),
    path("manage/new/", editors.edition_new, name="edition_new"),
    path(manage, editors.manage_edition, name="manage_edition"),
    path(manage + "edit/", editors.edition_edit, name="edition_edit"),
    path(manage + "editors/", editors.edition_editors, name="edition_editors"),
    path(manage + "assembly/", production.assembly, name="assembly"),
    path(manage + "sections/new/", production.section_new, name="section_new"),
    path(manage + "preview/", production.preview, name="preview"),
    path(manage + "compile/", production.compile_start, name="compile"),
    path(manage + "runs/<int:run_pk>/", production.compile_run, name="manage_run"),
    path(
        manage + "runs/<int:run_pk>/status.json",
        production.compile_run_status,
        name="manage_run_status",
    ),
    path(
        manage + "runs/<int:run_pk>/draft.pdf",
        production.compile_run_pdf,
        name="manage_run_pdf",
    ),
    path(manage + "publish/", production.edition_publish, name="publish"),
    path(manage + "withdraw/", production.edition_withdraw, name="edition_withdraw"),
    path(
        submission + "withdraw-article/",
        production.article_withdraw,
        name="article_withdraw",
    ),
    path(
        submission + "reviews/<int:review_pk>/remind/",
        editors.review_remind,
        name="review_remind",
    ),
    path(manage + "corrections/new/", production.correction_new, name="correction_new"),
    path(manage + "award/", production.award_manage, name="award_manage"),
    path(submission, editors.manage_submission, name="manage_submission"),
    path(submission + "invite/", editors.review_invite, name="review_invite"),
    path(submission + "decide/", editors.submission_decide, name="decide"),
    path(submission + "shortlist/", production.submission_shortlist, name="shortlist"),
    # Older addresses by year alone: redirect, or ask which partnership's edition.
    path("<int:year>/", legacy.edition_by_year, name="edition_by_year"),
    path("<int:year>/journal.pdf", legacy.pdf_by_year, name="edition_pdf_by_year"),
    path("<int:year>/award/", legacy.award_by_year, name="award_by_year"),
    path("<int:year>/<slug:slug>/", legacy.article_by_year, name="article_by_year"),
    # Public, stable addresses: one edition per partnership and year
    path(year, public.edition_detail, name="edition"),
    path(year + "journal.pdf", public.edition_pdf, name="edition_pdf"),
    path(year + "award/", public.award_detail, name="award"),
    path(year + "<slug:slug>.pdf", public.article_pdf, name="article_pdf"),
    path(year + "<slug:slug>/", public.article_detail, name="article"),
]
