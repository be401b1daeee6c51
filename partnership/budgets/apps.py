from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partnership.budgets"
    label = "budgets"
    verbose_name = "Budgets"

    def ready(self):
        # Claim delegations come from a role at the school: they end with it.
        from schools.roles import on_role_ended

        from .services.delegations import delegations_end_with_role

        on_role_ended(delegations_end_with_role)
