from django.contrib import admin

from research.models import (
    MARKDOWN_FIELDS,
    Collaborator,
    Evidence,
    Feedback,
    LogEntry,
    Project,
    StatusChange,
)


class CollaboratorInline(admin.TabularInline):
    model = Collaborator
    fk_name = "project"
    extra = 0
    raw_id_fields = ["user", "invited_by"]


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "by", "at", "note"]

    def has_add_permission(self, request, obj=None):
        return False  # history rows are written by the services only


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    """For site administrators; status changes belong to the project team's pages."""

    list_display = ["title", "school", "lead", "status", "visibility", "updated"]
    list_filter = ["status", "visibility", "phase"]
    search_fields = ["title", "slug", "lead__email", "school__name"]
    raw_id_fields = ["lead", "school"]
    # The writing is rendered and indexed by the services; it is changed on the
    # project's own pages, never here.
    readonly_fields = ["slug", "status", "created", "updated", *MARKDOWN_FIELDS]
    inlines = [CollaboratorInline, StatusChangeInline]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["original_name", "project", "kind", "size", "uploaded"]
    raw_id_fields = ["project", "uploaded_by", "log_entry"]
    readonly_fields = ["file", "kind", "size"]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["project", "author", "created"]
    raw_id_fields = ["project", "author"]


@admin.register(LogEntry)
class LogEntryAdmin(admin.ModelAdmin):
    list_display = ["project", "kind", "date", "author"]
    raw_id_fields = ["project", "author"]
