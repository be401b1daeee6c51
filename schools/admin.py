from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from schools.models import Invitation, School, Staff, Subject, User


class StaffInline(admin.TabularInline):
    model = Staff
    extra = 0
    autocomplete_fields = ["school"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "last_login"]
    search_fields = ["email", "full_name"]
    inlines = [StaffInline]
    fieldsets = [
        (None, {"fields": ["email", "password", "full_name"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "full_name", "password1", "password2"],
            },
        )
    ]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "urn",
        "phase",
        "local_authority",
        "postcode",
        "is_teaching_school",
    ]
    list_filter = ["phase", "status", "is_teaching_school", "local_authority"]
    search_fields = ["name", "urn", "postcode", "town"]


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    list_display = ["user", "school", "role", "joined", "left"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__full_name", "school__name"]
    autocomplete_fields = ["user", "school"]


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "school", "role", "created", "accepted"]
    search_fields = ["email", "school__name"]
    readonly_fields = ["token"]
