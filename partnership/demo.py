"""Demo data shared by every part: the partnership, its schools and one login per role.

Each app seeds its own records in `<app>/demo.py` (a `seed(*, stdout)` function);
`manage.py seed_demo` runs them in order. Every seeder is idempotent.
"""

import functools
import random
from datetime import date

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction

from partnership.models import Membership, Partnership
from schools.models import School, Staff, Subject, User

DEMO_PASSWORD = "demo-password-2026"
LOCAL_AUTHORITY = "Riverside"
PARTNERSHIP_NAME = "Riverside Learning Partnership"

# The known logins, printed at the end of seed_demo and listed in the README.
LOGINS = [
    ("teacher", "teacher@riverside-primary.example", "Amira Khan"),
    ("headteacher", "head@riverside-primary.example", "David Okafor"),
    ("partnership officer", "officer@riverside.gov.example", "Sarah Whitfield"),
    ("site administrator", "admin@riverside.gov.example", "Portal Administrator"),
]

SUBJECTS = [
    "Art and design",
    "Biology",
    "Chemistry",
    "Computing",
    "Design and technology",
    "Drama",
    "Early years",
    "English",
    "French",
    "Geography",
    "History",
    "Mathematics",
    "Music",
    "Physical education",
    "Physics",
    "Reading",
    "Religious education",
    "Science",
    "Spanish",
    "Special educational needs",
    "Writing",
]

_PRIMARY = [
    "Riverside Primary School",
    "St Mary's Church of England Primary School",
    "Oakfield Primary School",
    "Brook Lane Primary School",
    "Hillcrest Primary School",
    "Meadowbank Infant School",
    "Meadowbank Junior School",
    "St Joseph's Catholic Primary School",
    "Willow Park Primary School",
    "Kingsway Primary Academy",
    "Elmhurst Primary School",
    "Ashgrove Primary School",
    "Cedar Road Primary School",
    "Lark Rise Primary School",
    "Holy Trinity CofE Primary School",
    "Fernbank Primary School",
    "Northgate Primary School",
    "Southfields Primary School",
    "Priory Primary School",
    "Greenacre Primary School",
    "Beacon Hill Primary School",
    "Millfield Primary School",
    "Thornbury Primary School",
    "Westwood Primary School",
    "Hawthorn Primary School",
    "Orchard Primary School",
    "Maple Grove Primary School",
    "Castle View Primary School",
    "Bridgewater Primary School",
    "Foxhill Primary School",
    "Redbrook Primary School",
    "Sandhurst Primary School",
]
_SECONDARY = [
    "Riverside Academy",
    "Kingsmead School",
    "St Augustine's Catholic College",
    "Hillside High School",
    "Oakwood Academy",
    "The Ridgeway School",
    "Northfield School and Sixth Form",
    "Castle Park Academy",
    "Westbrook High School",
    "Greenfield Community College",
    "Archbishop Tenison's CofE High School",
    "Lakeside Academy",
    "Eastfield School",
    "Bishop Challoner School",
    "Riverside University Technical College",
]
_SPECIAL = [
    "Rainbow Bridge Special School",
    "Brookside Nursery School",
    "Riverside Pupil Referral Unit",
    "Willowbrook Special School",
    "Thames View Sixth Form College",
]
TEACHING_SCHOOLS = {
    "Riverside Primary School",
    "Riverside Academy",
    "Kingsmead School",
    "St Mary's Church of England Primary School",
}

_FIRST = [
    "Aisha",
    "Ben",
    "Chloe",
    "Daniel",
    "Ella",
    "Femi",
    "Grace",
    "Harry",
    "Isla",
    "Jamal",
    "Katie",
    "Liam",
    "Maya",
    "Noah",
    "Olivia",
    "Priya",
    "Rosie",
    "Sam",
    "Tom",
    "Yusuf",
    "Zara",
    "Hannah",
    "Joe",
    "Leah",
    "Marcus",
    "Nadia",
    "Owen",
    "Ruth",
    "Sian",
    "Tariq",
]
_LAST = [
    "Adams",
    "Begum",
    "Clarke",
    "Davies",
    "Evans",
    "Fletcher",
    "Green",
    "Hussain",
    "Iqbal",
    "Jones",
    "Kaur",
    "Lewis",
    "Mensah",
    "Nowak",
    "O'Brien",
    "Patel",
    "Quinn",
    "Roberts",
    "Smith",
    "Taylor",
    "Usman",
    "Walker",
    "Wright",
    "Young",
    "Zielinski",
    "Ahmed",
    "Brown",
]


def _domain(name: str) -> str:
    base = "".join(
        ch for ch in name.lower().replace(" ", "-") if ch.isalnum() or ch == "-"
    )
    for word in ["-school", "-church-of-england", "-cofe", "-catholic", "-community"]:
        base = base.replace(word, "")
    return f"{base.strip('-')}.example"


@functools.cache
def _password_hash() -> str:
    return make_password(DEMO_PASSWORD)


def _user(email: str, full_name: str, *, superuser: bool = False) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        # Hash the shared demo password once: hashing it per person takes a minute.
        user = User.objects.create(
            email=email,
            full_name=full_name,
            password=_password_hash(),
            is_staff=superuser,
            is_superuser=superuser,
        )
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _phase_for(name: str) -> str:
    if name in _SECONDARY:
        return School.Phase.SECONDARY
    if "Nursery" in name:
        return School.Phase.NURSERY
    if "Sixth Form College" in name:
        return School.Phase.SIXTEEN_PLUS
    if name in _SPECIAL:
        return School.Phase.NOT_APPLICABLE
    return School.Phase.PRIMARY


@transaction.atomic
def seed(*, stdout) -> None:
    rng = random.Random(2026)
    for name in SUBJECTS:
        Subject.objects.get_or_create(
            slug=name.lower().replace(" ", "-"), defaults={"name": name}
        )
    partnership, _ = Partnership.objects.get_or_create(
        slug="riverside-learning-partnership",
        defaults={
            "name": PARTNERSHIP_NAME,
            "kind": Partnership.Kind.LOCAL_AREA,
            "local_authority": LOCAL_AUTHORITY,
            "description": (
                "The local authority and its 52 schools, working together so that every "
                "teacher can research and improve their own teaching."
            ),
        },
    )
    names = _PRIMARY + _SECONDARY + _SPECIAL
    for i, name in enumerate(names):
        phase = _phase_for(name)
        school, _ = School.objects.update_or_create(
            urn=990001 + i,
            defaults={
                "name": name,
                "phase": phase,
                "type": "Academy converter"
                if "Academy" in name
                else "Community school",
                "local_authority": LOCAL_AUTHORITY,
                "street": f"{rng.randint(1, 180)} {rng.choice(['High Street', 'Station Road', 'Church Lane', 'Park Road', 'Mill Lane', 'London Road'])}",
                "town": "Riverside",
                "postcode": f"RV{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXY')}{rng.choice('ABDEFGHJLNPQRSTUWXY')}",
                # Spread over about 6 by 4 miles of a borough in south-east London.
                "latitude": round(51.44 + rng.uniform(0, 0.06), 6),
                "longitude": round(-0.12 + rng.uniform(0, 0.14), 6),
                "website": f"https://www.{_domain(name)}",
                "is_teaching_school": name in TEACHING_SCHOOLS,
                "email_domains": _domain(name),
                "number_of_pupils": rng.randint(180, 460)
                if phase == "primary"
                else rng.randint(600, 1500),
                "statutory_low_age": 11 if phase == "secondary" else 3,
                "statutory_high_age": 18 if phase == "secondary" else 11,
            },
        )
        Membership.objects.get_or_create(
            partnership=partnership,
            school=school,
            left__isnull=True,
            defaults={
                "joined": date(2023, 9, 1),
                "is_board_member": name in TEACHING_SCHOOLS,
            },
        )
    riverside = School.objects.get(name="Riverside Primary School")
    riverside.email_domains = "riverside-primary.example"
    riverside.save(update_fields=["email_domains"])

    teacher = _user(LOGINS[0][1], LOGINS[0][2])
    head = _user(LOGINS[1][1], LOGINS[1][2])
    officer = _user(LOGINS[2][1], LOGINS[2][2])
    _user(LOGINS[3][1], LOGINS[3][2], superuser=True)
    _staff(teacher, riverside, Staff.Role.TEACHER, "Year 5 teacher and English lead")
    _staff(head, riverside, Staff.Role.HEADTEACHER, "Headteacher")
    partnership.officers.add(officer)

    # Every other school: a headteacher and a few teachers.
    for school in School.objects.filter(
        urn__gte=990001, urn__lt=990001 + len(names)
    ).exclude(pk=riverside.pk):
        domain = school.domains[0]
        if Staff.objects.filter(school=school).exists():
            continue
        for n in range(rng.randint(3, 5)):
            first, last = rng.choice(_FIRST), rng.choice(_LAST)
            email = f"{first}.{last}".lower().replace("'", "") + f"{n}@{domain}"
            role = Staff.Role.HEADTEACHER if n == 0 else Staff.Role.TEACHER
            user = _user(email, f"{first} {last}")
            _staff(user, school, role, "Headteacher" if n == 0 else "Teacher")
    stdout.write(f"  partnership: {partnership.name}, {len(names)} schools\n")


def _staff(user: User, school: School, role: str, job_title: str) -> None:
    Staff.objects.get_or_create(
        user=user,
        school=school,
        left__isnull=True,
        defaults={"role": role, "job_title": job_title},
    )
