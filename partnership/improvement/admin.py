from django.contrib import admin

from .models import Measure, PeerReview, Priority, ReviewRound


@admin.register(ReviewRound)
class ReviewRoundAdmin(admin.ModelAdmin):
    list_display = ["partnership", "year"]


@admin.register(PeerReview)
class PeerReviewAdmin(admin.ModelAdmin):
    list_display = ["host", "round", "visit_on", "visibility"]
    readonly_fields = ["written_at", "written_by"]


@admin.register(Priority)
class PriorityAdmin(admin.ModelAdmin):
    list_display = ["title", "school", "year", "outcome"]
    list_filter = ["year", "outcome"]
    raw_id_fields = ["school", "finding", "projects", "engagements", "allocations"]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["name", "partnership", "unit", "better"]
