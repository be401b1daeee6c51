from django.contrib import admin

from .models import Booking, BookingTransition, Certificate, Event, Feedback, Session


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts", "capacity", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    readonly_fields = ["slug", "starts", "ends", "description_html"]
    raw_id_fields = ["organiser", "host_school", "offer", "project", "partnership"]
    inlines = [SessionInline]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    """Read-only: bookings change through the services (locks and the waiting list)."""

    list_display = ["event", "person", "status", "position", "attended"]
    list_filter = ["status"]
    raw_id_fields = ["event", "person", "booked_by", "school"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


admin.site.register(BookingTransition)
admin.site.register(Feedback)
admin.site.register(Certificate)
