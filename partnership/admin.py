from django.contrib import admin

from partnership.models import EmailPreference, Membership, Notification, Partnership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["school"]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "local_authority"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["officers"]
    inlines = [MembershipInline]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = [
        "subject",
        "recipient",
        "to_email",
        "kind",
        "email_status",
        "created",
    ]
    list_filter = ["kind", "email_status"]
    search_fields = ["subject", "recipient__email", "to_email"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False


admin.site.register(EmailPreference)
