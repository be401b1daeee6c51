"""Budgets in their own app: the models enter this app's state with the tables they
already have (created by partnership/migrations/0003_budget), and their content types
(and so their permissions and admin history) follow them from `partnership`.
"""

import django.db.models.deletion
import partnership.uploads
from django.conf import settings
from django.db import migrations, models


MOVED = [
    "allocation",
    "allocationadjustment",
    "approval",
    "budgetevent",
    "claim",
    "claimdelegation",
    "fund",
    "ledgerentry",
]


def move_content_types(apps, schema_editor):
    """Content types (and so permissions and admin history) follow the models."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED:
        if ContentType.objects.using(db).filter(app_label="budgets", model=model).exists():
            continue
        ContentType.objects.using(db).filter(app_label="partnership", model=model).update(
            app_label="budgets"
        )


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED:
        if ContentType.objects.using(db).filter(app_label="partnership", model=model).exists():
            continue
        ContentType.objects.using(db).filter(app_label="budgets", model=model).update(
            app_label="partnership"
        )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('partnership', '0005_budgets_move_to_their_own_app'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('schools', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Allocation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('theme', models.CharField(blank=True, help_text='For money not given to one school, e.g. research release time.', max_length=120)),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='amount (£)')),
                        ('purpose', models.TextField(blank=True)),
                        ('status', models.CharField(choices=[('proposed', 'Proposed'), ('approved', 'Approved'), ('rejected', 'Rejected')], default='proposed', max_length=10)),
                        ('created', models.DateTimeField(auto_now_add=True)),
                        ('decided', models.DateTimeField(blank=True, null=True)),
                        ('rejection_reason', models.TextField(blank=True)),
                        ('proposed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('school', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='budget_allocations', to='schools.school')),
                    ],
                    options={
                        'db_table': 'partnership_allocation',
                        'ordering': ['fund', 'school__name', 'theme', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='AllocationAdjustment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='change (£)')),
                        ('reason', models.TextField()),
                        ('created', models.DateTimeField(auto_now_add=True)),
                        ('allocation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='adjustments', to='budgets.allocation')),
                        ('made_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'partnership_allocationadjustment',
                        'ordering': ['created', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Claim',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='amount (£)')),
                        ('spent_on', models.DateField(verbose_name='date of spending')),
                        ('category', models.CharField(choices=[('cover', 'Supply cover and release time'), ('training', 'Training and courses'), ('resources', 'Books and resources'), ('travel', 'Travel'), ('events', 'Events and venues'), ('printing', 'Printing and publishing'), ('other', 'Other')], max_length=20)),
                        ('description', models.TextField()),
                        ('receipt', models.FileField(max_length=200, upload_to=partnership.uploads.RandomUploadPath('receipts'))),
                        ('receipt_kind', models.CharField(max_length=10)),
                        ('receipt_name', models.CharField(max_length=255)),
                        ('status', models.CharField(choices=[('submitted', 'Waiting for approval'), ('approved', 'Approved'), ('rejected', 'Rejected'), ('paid', 'Paid'), ('reversed', 'Reversed')], default='submitted', max_length=10)),
                        ('created', models.DateTimeField(auto_now_add=True)),
                        ('decided', models.DateTimeField(blank=True, null=True)),
                        ('rejection_reason', models.TextField(blank=True)),
                        ('paid', models.DateTimeField(blank=True, null=True)),
                        ('allocation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='claims', to='budgets.allocation')),
                        ('claimant', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='budget_claims', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'partnership_claim',
                        'ordering': ['-created', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Approval',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created', models.DateTimeField(auto_now_add=True)),
                        ('allocation', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='approvals', to='budgets.allocation')),
                        ('approver', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('claim', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='approvals', to='budgets.claim')),
                    ],
                    options={
                        'db_table': 'partnership_approval',
                        'ordering': ['created', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ClaimDelegation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created', models.DateTimeField(auto_now_add=True)),
                        ('revoked', models.DateTimeField(blank=True, null=True)),
                        ('delegate', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='claim_delegations', to=settings.AUTH_USER_MODEL)),
                        ('granted_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('revoked_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('school', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='claim_delegations', to='schools.school')),
                    ],
                    options={
                        'db_table': 'partnership_claimdelegation',
                        'ordering': ['-created'],
                    },
                ),
                migrations.CreateModel(
                    name='Fund',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200)),
                        ('total', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='total (£)')),
                        ('starts', models.DateField()),
                        ('ends', models.DateField()),
                        ('approval_threshold', models.DecimalField(decimal_places=2, help_text='Claims and allocations above this amount need two approvals by two different people.', max_digits=12, verbose_name='second approval above (£)')),
                        ('description', models.TextField(blank=True)),
                        ('created', models.DateTimeField(auto_now_add=True)),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('partnership', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='funds', to='partnership.partnership')),
                    ],
                    options={
                        'db_table': 'partnership_fund',
                        'ordering': ['-starts', 'name'],
                    },
                ),
                migrations.CreateModel(
                    name='BudgetEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('action', models.CharField(max_length=40)),
                        ('detail', models.CharField(blank=True, max_length=500)),
                        ('created', models.DateTimeField(auto_now_add=True)),
                        ('actor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('allocation', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='events', to='budgets.allocation')),
                        ('claim', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='events', to='budgets.claim')),
                        ('fund', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='budgets.fund')),
                    ],
                    options={
                        'db_table': 'partnership_budgetevent',
                        'ordering': ['-created', '-pk'],
                    },
                ),
                migrations.AddField(
                    model_name='allocation',
                    name='fund',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='allocations', to='budgets.fund'),
                ),
                migrations.CreateModel(
                    name='LedgerEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('allocation', 'Allocation approved'), ('adjustment', 'Allocation adjusted'), ('claim', 'Claim approved'), ('payment', 'Claim paid'), ('reversal', 'Reversal')], max_length=12)),
                        ('account', models.CharField(choices=[('allocated', 'Allocated'), ('spent', 'Spent'), ('paid', 'Paid')], max_length=10)),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=12)),
                        ('effective_on', models.DateField(help_text='The day the money moved: the approval day, or the day of spending.')),
                        ('memo', models.CharField(blank=True, max_length=300)),
                        ('created', models.DateTimeField(auto_now_add=True)),
                        ('adjustment', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='ledger_entry', to='budgets.allocationadjustment')),
                        ('allocation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='ledger', to='budgets.allocation')),
                        ('claim', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='ledger', to='budgets.claim')),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('fund', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='ledger', to='budgets.fund')),
                        ('reverses', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='reversed_by', to='budgets.ledgerentry')),
                    ],
                    options={
                        'verbose_name_plural': 'ledger entries',
                        'db_table': 'partnership_ledgerentry',
                        'ordering': ['pk'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='allocationadjustment',
                    constraint=models.CheckConstraint(condition=models.Q(('amount', 0), _negated=True), name='adjustment_changes_something'),
                ),
                migrations.AddIndex(
                    model_name='claim',
                    index=models.Index(fields=['status', 'allocation'], name='partnership_status_c1fe21_idx'),
                ),
                migrations.AddConstraint(
                    model_name='claim',
                    constraint=models.CheckConstraint(condition=models.Q(('amount__gt', 0)), name='claim_amount_positive'),
                ),
                migrations.AddConstraint(
                    model_name='approval',
                    constraint=models.CheckConstraint(condition=models.Q(('claim__isnull', True), ('allocation__isnull', True), _connector='XOR'), name='approval_of_one_thing'),
                ),
                migrations.AddConstraint(
                    model_name='approval',
                    constraint=models.UniqueConstraint(fields=('claim', 'approver'), name='one_approval_per_person_per_claim'),
                ),
                migrations.AddConstraint(
                    model_name='approval',
                    constraint=models.UniqueConstraint(fields=('allocation', 'approver'), name='one_approval_per_person_per_allocation'),
                ),
                migrations.AddConstraint(
                    model_name='claimdelegation',
                    constraint=models.UniqueConstraint(condition=models.Q(('revoked__isnull', True)), fields=('school', 'delegate'), name='one_live_delegation_per_person_per_school'),
                ),
                migrations.AddConstraint(
                    model_name='fund',
                    constraint=models.CheckConstraint(condition=models.Q(('total__gt', 0)), name='fund_total_positive'),
                ),
                migrations.AddConstraint(
                    model_name='fund',
                    constraint=models.CheckConstraint(condition=models.Q(('approval_threshold__gte', 0)), name='fund_threshold_not_negative'),
                ),
                migrations.AddConstraint(
                    model_name='fund',
                    constraint=models.CheckConstraint(condition=models.Q(('ends__gt', models.F('starts'))), name='fund_ends_after_start'),
                ),
                migrations.AddConstraint(
                    model_name='fund',
                    constraint=models.UniqueConstraint(fields=('partnership', 'name'), name='one_fund_name_per_partnership'),
                ),
                migrations.AddIndex(
                    model_name='budgetevent',
                    index=models.Index(fields=['fund', '-created'], name='partnership_fund_id_9d0575_idx'),
                ),
                migrations.AddConstraint(
                    model_name='allocation',
                    constraint=models.CheckConstraint(condition=models.Q(('amount__gt', 0)), name='allocation_amount_positive'),
                ),
                migrations.AddConstraint(
                    model_name='allocation',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('school__isnull', False), ('theme', '')), models.Q(('school__isnull', True), models.Q(('theme', ''), _negated=True)), _connector='OR'), name='allocation_for_a_school_or_a_theme'),
                ),
                migrations.AddIndex(
                    model_name='ledgerentry',
                    index=models.Index(fields=['allocation', 'account'], name='partnership_allocat_c565d1_idx'),
                ),
                migrations.AddIndex(
                    model_name='ledgerentry',
                    index=models.Index(fields=['fund', 'account'], name='partnership_fund_id_58db48_idx'),
                ),
                migrations.AddConstraint(
                    model_name='ledgerentry',
                    constraint=models.CheckConstraint(condition=models.Q(('amount', 0), _negated=True), name='ledger_amount_not_zero'),
                ),
                migrations.AddConstraint(
                    model_name='ledgerentry',
                    constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['adjustment', 'reversal']), ('amount__gt', 0), _connector='OR'), name='ledger_movement_positive'),
                ),
                migrations.AddConstraint(
                    model_name='ledgerentry',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'reversal'), ('reverses__isnull', False)), models.Q(models.Q(('kind', 'reversal'), _negated=True), ('reverses__isnull', True)), _connector='OR'), name='ledger_reversal_names_its_entry'),
                ),
                migrations.AddConstraint(
                    model_name='ledgerentry',
                    constraint=models.CheckConstraint(condition=models.Q(('account', 'allocated'), ('claim__isnull', False), _connector='OR'), name='ledger_spending_names_its_claim'),
                ),
                migrations.AddConstraint(
                    model_name='ledgerentry',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('adjustment__isnull', False), ('kind', 'adjustment')), models.Q(models.Q(('kind', 'adjustment'), _negated=True), ('adjustment__isnull', True)), _connector='OR'), name='ledger_adjustment_is_recorded'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
