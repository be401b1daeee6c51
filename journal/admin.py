"""Admin for site administrators: read mostly; state changes go through services."""

from django.contrib import admin

from journal.models import (
    Article,
    Award,
    CompileRun,
    Correction,
    Decision,
    Edition,
    Review,
    Section,
    Submission,
    SubmissionEvent,
)


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "year",
        "partnership",
        "call_opens",
        "call_closes",
        "version",
    ]
    list_filter = ["partnership", "year"]
    filter_horizontal = ["editors"]
    readonly_fields = ["published_run", "version", "first_published", "published_at"]
    inlines = [SectionInline]


class EventInline(admin.TabularInline):
    model = SubmissionEvent
    extra = 0
    can_delete = False
    fields = ["from_label", "to_label", "by", "at", "note"]
    readonly_fields = fields


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["title", "edition", "status", "version", "shortlisted"]
    list_filter = ["edition", "status"]
    search_fields = ["title", "slug"]
    readonly_fields = ["status", "snapshot", "version", "project", "submitted_by"]
    inlines = [EventInline]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["submission", "reviewer", "status", "due", "recommendation"]
    list_filter = ["status", "recommendation"]
    readonly_fields = ["status", "recommendation", "responded"]


@admin.register(CompileRun)
class CompileRunAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "edition",
        "status",
        "progress",
        "pages",
        "size",
        "started",
        "finished",
    ]
    list_filter = ["status"]
    readonly_fields = [f.name for f in CompileRun._meta.fields]


admin.site.register(Decision)
admin.site.register(Article)
admin.site.register(Correction)
admin.site.register(Award)
