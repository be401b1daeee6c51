"""Forms of events: publishing, changing, booking, the register, feedback."""

import copy
import datetime

from django import forms
from django.utils import timezone

from partnership.kernel.forms import GovukDateField, choose_or_type
from research.models import PHASES, Project
from schools.models import School, Subject

from . import permissions
from .models import Event, Feedback

SESSION_ROWS = 4
TIME_FORMATS = ["%H:%M", "%H.%M", "%H%M"]
MARKDOWN_HINT = (
    "You can use Markdown: **bold**, *italic*, lists starting with - and links "
    "like [text](https://example.org)."
)


def _time(label: str, required: bool) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=required,
        input_formats=TIME_FORMATS,
        help_text="24-hour clock, for example 16:00",
        error_messages={"invalid": f"{label} must be a time like 16:00"},
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )


class EventForm(forms.Form):
    title = forms.CharField(
        max_length=200, error_messages={"required": "Enter a title."}
    )
    description = forms.CharField(
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=MARKDOWN_HINT,
    )
    kind = forms.ChoiceField(choices=Event.Kind.choices, widget=forms.RadioSelect)
    host_school = forms.ModelChoiceField(
        queryset=School.objects.none(), label="Host school", empty_label=None
    )
    open_to = forms.ChoiceField(
        label="Who can book",
        choices=Event.OpenTo.choices,
        initial=Event.OpenTo.PARTNERSHIP,
        widget=forms.RadioSelect,
    )
    phase = forms.ChoiceField(
        label="Phase", choices=[("", "Any phase"), *PHASES], required=False
    )
    subject = forms.ModelChoiceField(
        label="Subject",
        queryset=Subject.objects.all(),
        required=False,
        empty_label="Any subject",
    )
    venue = forms.CharField(
        label="Venue address",
        max_length=300,
        required=False,
        help_text="Shown only to people with a place.",
    )
    online_link = forms.URLField(
        label="Online link",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="Shown only to people with a place.",
    )
    capacity = forms.IntegerField(
        label="Number of places",
        error_messages={"required": "Enter the number of places."},
    )
    cost = forms.DecimalField(
        label="Cost per place, in pounds",
        max_digits=9,
        decimal_places=2,
        initial=0,
        help_text="0 when free; otherwise charged to the school's budget allocation.",
    )
    booking_opens = GovukDateField(label="Booking opens")
    booking_closes = GovukDateField(label="Booking closes")
    cancel_by = GovukDateField(
        label="Cancellation deadline",
        required=False,
        help_text="Leave empty to use the day booking closes.",
    )
    offer = forms.ModelChoiceField(
        label="Directory training offer",
        queryset=permissions.training_offers(None),
        required=False,
    )
    project = forms.ModelChoiceField(
        label="Research project", queryset=Project.objects.none(), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        choose_or_type(
            self.fields["host_school"],
            permissions.host_schools(user).order_by("name"),
            key="urn",
            hint="Enter the host school's URN (its unique reference number).",
            wrong="Enter the URN of a school you may publish events for.",
        )
        self.fields["offer"].queryset = permissions.training_offers(user)
        choose_or_type(
            self.fields["project"],
            Project.objects.editable_by(user),
            key="slug",
            hint="Enter the project's web address name: the part after /research/.",
            wrong="Enter the web address name of a project you edit.",
        )
        for n in range(1, SESSION_ROWS + 1):
            first = n == 1
            self.fields[f"session_{n}_date"] = GovukDateField(
                label=f"Session {n} date", required=first
            )
            self.fields[f"session_{n}_starts"] = _time(f"Session {n} start time", first)
            self.fields[f"session_{n}_ends"] = _time(f"Session {n} end time", first)

    def session_rows(self):
        return [
            [self[f"session_{n}_{part}"] for part in ("date", "starts", "ends")]
            for n in range(1, SESSION_ROWS + 1)
        ]

    def clean(self):
        data = super().clean()
        self.sessions = []
        for n in range(1, SESSION_ROWS + 1):
            row = self._session(data, n)
            if row:
                self.sessions.append(row)
        if (data.get("capacity") is not None) and data["capacity"] < 1:
            self.add_error("capacity", "The number of places must be 1 or more.")
        return data

    def _session(self, data, n):
        day = data.get(f"session_{n}_date")
        starts, ends = data.get(f"session_{n}_starts"), data.get(f"session_{n}_ends")
        if not (day and starts and ends):
            if (day or starts or ends) and not self.errors.get(f"session_{n}_date"):
                self.add_error(
                    f"session_{n}_date",
                    f"Give session {n} a date, a start time and an end time",
                )
            return None
        if ends <= starts:
            self.add_error(f"session_{n}_ends", "A session must end after it starts")
            return None
        return (_aware(day, starts), _aware(day, ends))

    def service_data(self) -> dict:
        names = [
            "title",
            "description",
            "kind",
            "host_school",
            "open_to",
            "phase",
            "subject",
            "venue",
            "online_link",
            "capacity",
            "cost",
            "booking_opens",
            "booking_closes",
            "cancel_by",
            "offer",
            "project",
        ]
        return {name: self.cleaned_data.get(name) for name in names}


def _aware(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(day, time), timezone.get_default_timezone()
    )


EDIT_FIELDS = [
    "title", "kind", "description", "open_to", "phase", "subject", "venue",
    "online_link", "capacity", "cost", "booking_opens", "booking_closes", "cancel_by",
]  # fmt: skip


class EventEditForm(forms.Form):
    """The organiser changes an event and the times of its sessions."""

    def __init__(self, *args, event, **kwargs):
        kwargs.setdefault("initial", _edit_initial(event))
        super().__init__(*args, **kwargs)
        for name in EDIT_FIELDS:
            self.fields[name] = copy.deepcopy(EventForm.base_fields[name])
        self.session_list = list(event.sessions.all())
        for n, session in enumerate(self.session_list, start=1):
            self.fields[f"s{session.pk}_date"] = GovukDateField(
                label=f"Session {n} date"
            )
            self.fields[f"s{session.pk}_starts"] = _time(
                f"Session {n} start time", True
            )
            self.fields[f"s{session.pk}_ends"] = _time(f"Session {n} end time", True)

    def session_rows(self):
        return [
            [self[f"s{s.pk}_{part}"] for part in ("date", "starts", "ends")]
            for s in self.session_list
        ]

    def clean(self):
        data = super().clean()
        self.sessions = {}
        for s in self.session_list:
            day, starts, ends = (
                data.get(f"s{s.pk}_{p}") for p in ("date", "starts", "ends")
            )
            if not (day and starts and ends):
                continue
            if ends <= starts:
                self.add_error(f"s{s.pk}_ends", "A session must end after it starts")
                continue
            self.sessions[s.pk] = (_aware(day, starts), _aware(day, ends))
        if (data.get("capacity") is not None) and data["capacity"] < 1:
            self.add_error("capacity", "The number of places must be 1 or more.")
        return data

    def service_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in EDIT_FIELDS}


def _edit_initial(event: Event) -> dict:
    initial = {name: getattr(event, name) for name in EDIT_FIELDS}
    initial["subject"] = event.subject_id
    for session in event.sessions.all():
        starts = timezone.localtime(session.starts)
        ends = timezone.localtime(session.ends)
        initial[f"s{session.pk}_date"] = starts.date()
        initial[f"s{session.pk}_starts"] = starts.strftime("%H:%M")
        initial[f"s{session.pk}_ends"] = ends.strftime("%H:%M")
    return initial


class SessionForm(forms.Form):
    date = GovukDateField(label="Date")
    starts = _time("Start time", True)
    ends = _time("End time", True)

    def clean(self):
        data = super().clean()
        if data.get("starts") and data.get("ends") and data["ends"] <= data["starts"]:
            self.add_error("ends", "A session must end after it starts")
        return data

    def span(self):
        d = self.cleaned_data
        return _aware(d["date"], d["starts"]), _aware(d["date"], d["ends"])


class BookForStaffForm(forms.Form):
    person = forms.TypedChoiceField(
        label="Member of staff", coerce=int, choices=[], empty_value=None
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [
            (s.user_id, f"{s.user.full_name or s.user.email}, {s.school.name}")
            for s in staff
        ]


class FeedbackForm(forms.ModelForm):
    class Meta:
        model = Feedback
        fields = ["rating", "impact", "comments"]
        labels = {
            "rating": "How useful was it? (1 not at all, 5 very)",
            "impact": "What will you do differently because of it?",
            "comments": "Anything else the organiser should know (optional)",
        }
        widgets = {
            "rating": forms.RadioSelect,
            "impact": forms.Textarea(attrs={"rows": 4}),
            "comments": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "rating": {"required": "Choose a rating from 1 to 5."},
            "impact": {"required": "Say what you will do differently."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["impact"].max_length = 2000
        self.fields["comments"].max_length = 2000


class RegisterForm(forms.Form):
    """One yes/no radio per booked person: works on a phone, without JavaScript."""

    CHOICES = [("yes", "Attended"), ("no", "Did not attend")]

    def __init__(self, *args, bookings, **kwargs):
        super().__init__(*args, **kwargs)
        self.bookings = list(bookings)
        for b in self.bookings:
            initial = {True: "yes", False: "no"}.get(b.attended)
            self.fields[f"b{b.pk}"] = forms.ChoiceField(
                label=b.person.full_name or b.person.email,
                choices=self.CHOICES,
                widget=forms.RadioSelect,
                required=False,
                initial=initial,
            )

    def marks(self) -> dict[int, bool]:
        return {
            b.pk: self.cleaned_data[f"b{b.pk}"] == "yes"
            for b in self.bookings
            if self.cleaned_data.get(f"b{b.pk}")
        }


class ChargeForm(forms.Form):
    allocation = forms.ModelChoiceField(
        label="Budget allocation to charge",
        queryset=None,
        empty_label=None,
        error_messages={"required": "Choose an allocation."},
    )

    def __init__(self, *args, allocations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["allocation"].queryset = allocations
