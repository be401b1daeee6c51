from django import forms

from partnership.models import Notification


class EmailPreferencesForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label="Email me about",
        choices=Notification.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
