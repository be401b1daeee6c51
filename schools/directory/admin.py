"""The directory in the admin: moderation goes through the services."""

from django.contrib import admin

from partnership.kernel.errors import DomainError

from . import services
from .models import (
    CaseStudy,
    EngagementTransition,
    ImpactMeasure,
    Meeting,
    Organisation,
    Recommendation,
    SupportDelegate,
    SupportEngagement,
    SupportOffer,
)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "website"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class CaseStudyInline(admin.StackedInline):
    model = CaseStudy
    extra = 0
    fields = ["title", "file_name", "created"]
    readonly_fields = ["title", "file_name", "created"]
    can_delete = False
    show_change_link = False


class SupportOfferInline(admin.TabularInline):
    model = SupportOffer
    extra = 0
    fields = ["kind", "title", "capacity", "cost", "format", "is_active"]


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["title", "school", "organisation", "level", "status", "review_on"]
    list_filter = ["status", "level", "organisation__kind"]
    search_fields = ["title", "school__name", "organisation__name", "slug"]
    autocomplete_fields = ["school", "organisation", "practitioner"]
    readonly_fields = ["status", "published_on", "moderated_by", "created_by"]
    inlines = [CaseStudyInline, SupportOfferInline]
    actions = ["publish", "withdraw"]

    def save_related(self, request, form, formsets, change):
        # After the inline case studies and offers are saved: the index reads them.
        super().save_related(request, form, formsets, change)
        services.recommendation_reindex(recommendation=form.instance)

    def _moderate(self, request, queryset, to_status):
        done = 0
        for rec in queryset:
            try:
                services.recommendation_moderate(
                    recommendation=rec, to_status=to_status, moderated_by=request.user
                )
                done += 1
            except DomainError as exc:
                self.message_user(request, f"{rec}: {exc}", level="error")
        self.message_user(request, f"{done} recommendation(s) changed.")

    @admin.action(description="Publish the selected recommendations")
    def publish(self, request, queryset):
        self._moderate(request, queryset, Recommendation.Status.PUBLISHED)

    @admin.action(description="Withdraw the selected recommendations")
    def withdraw(self, request, queryset):
        self._moderate(request, queryset, Recommendation.Status.WITHDRAWN)


class TransitionInline(admin.TabularInline):
    model = EngagementTransition
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "by", "note", "at"]

    def has_add_permission(self, request, obj=None):
        return False


class MeasureInline(admin.TabularInline):
    model = ImpactMeasure
    extra = 0


class MeetingInline(admin.TabularInline):
    model = Meeting
    extra = 0


@admin.register(SupportEngagement)
class SupportEngagementAdmin(admin.ModelAdmin):
    list_display = [
        "offer",
        "supporting_school",
        "requesting_school",
        "status",
        "created",
    ]
    list_filter = ["status"]
    search_fields = [
        "supporting_school__name",
        "requesting_school__name",
        "offer__title",
    ]
    readonly_fields = [
        "status",
        "supporting_school",
        "requesting_school",
        "offer",
        "requested_by",
    ]
    inlines = [MeasureInline, MeetingInline, TransitionInline]


@admin.register(SupportDelegate)
class SupportDelegateAdmin(admin.ModelAdmin):
    list_display = ["user", "school", "granted_by", "created"]
    autocomplete_fields = ["user", "school"]
