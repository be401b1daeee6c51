"""Demo data shared by every part: the partnership, its schools and one login per role.

The content is data, in `partnership/demo.toml`; this module only loads it. Each
app seeds its own records in its own `demo` module (a `seed(*, stdout)` function);
`manage.py seed_demo` runs them in order. Every seeder is idempotent.
"""

import functools
import random
import tomllib
from pathlib import Path

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction

from partnership.models import Membership, Partnership
from schools.models import School, Staff, Subject, User

DATA = tomllib.loads((Path(__file__).with_name("demo.toml")).read_text("utf-8"))
DEMO_PASSWORD: str = DATA["password"]
LOCAL_AUTHORITY: str = DATA["partnership"]["local_authority"]
PARTNERSHIP_NAME: str = DATA["partnership"]["name"]
# The known logins (role, email, name), printed at the end of seed_demo.
LOGINS = [(x["role"], x["email"], x["name"]) for x in DATA["logins"]]
SUBJECTS: list[str] = DATA["subjects"]
_SCHOOLS = DATA["schools"]
TEACHING_SCHOOLS = frozenset(_SCHOOLS["teaching_schools"])
SCHOOL_NAMES: list[str] = (
    _SCHOOLS["primary"] + _SCHOOLS["secondary"] + _SCHOOLS["special"]
)
FIRST_URN: int = _SCHOOLS["first_urn"]


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


def _staff(user: User, school: School, role: str, job_title: str) -> None:
    Staff.objects.get_or_create(
        user=user,
        school=school,
        left__isnull=True,
        defaults={"role": role, "job_title": job_title},
    )


def _phase_for(name: str) -> str:
    if name in _SCHOOLS["secondary"]:
        return School.Phase.SECONDARY
    if "Nursery" in name:
        return School.Phase.NURSERY
    if "Sixth Form College" in name:
        return School.Phase.SIXTEEN_PLUS
    if name in _SCHOOLS["special"]:
        return School.Phase.NOT_APPLICABLE
    return School.Phase.PRIMARY


def _school_fields(name: str, rng: random.Random) -> dict:
    """A realistic register entry; the random draws are in a fixed order."""
    phase = _phase_for(name)
    letters = _SCHOOLS["postcode_letters"]
    return {
        "name": name,
        "phase": phase,
        "type": "Academy converter" if "Academy" in name else "Community school",
        "local_authority": LOCAL_AUTHORITY,
        "street": f"{rng.randint(1, 180)} {rng.choice(_SCHOOLS['streets'])}",
        "town": _SCHOOLS["town"],
        "postcode": f"RV{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice(letters)}"
        f"{rng.choice(letters)}",
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
    }


def _seed_partnership() -> Partnership:
    data = DATA["partnership"]
    partnership, _ = Partnership.objects.get_or_create(
        slug=data["slug"],
        defaults={
            "name": data["name"],
            "kind": data["kind"],
            "local_authority": data["local_authority"],
            "description": data["description"],
        },
    )
    return partnership


def _seed_schools(partnership: Partnership, rng: random.Random) -> None:
    for i, name in enumerate(SCHOOL_NAMES):
        school, _ = School.objects.update_or_create(
            urn=FIRST_URN + i, defaults=_school_fields(name, rng)
        )
        Membership.objects.get_or_create(
            partnership=partnership,
            school=school,
            left__isnull=True,
            defaults={
                "joined": DATA["partnership"]["joined"],
                "is_board_member": name in TEACHING_SCHOOLS,
            },
        )


def _seed_logins(partnership: Partnership) -> School:
    """The known logins: teacher and head at the home school, officer, administrator."""
    home = School.objects.get(name=_SCHOOLS["home"])
    home.email_domains = _SCHOOLS["home_domain"]
    home.save(update_fields=["email_domains"])
    teacher, head, officer, _admin = (
        _user(x["email"], x["name"], superuser=x.get("superuser", False))
        for x in DATA["logins"]
    )
    _staff(teacher, home, Staff.Role.TEACHER, DATA["logins"][0]["job_title"])
    _staff(head, home, Staff.Role.HEADTEACHER, DATA["logins"][1]["job_title"])
    partnership.officers.add(officer)
    return home


def _seed_staff(home: School, rng: random.Random) -> None:
    """Every other school: a headteacher and a few teachers."""
    first, last = DATA["people"]["first_names"], DATA["people"]["last_names"]
    schools = School.objects.filter(
        urn__gte=FIRST_URN, urn__lt=FIRST_URN + len(SCHOOL_NAMES)
    ).exclude(pk=home.pk)
    for school in schools:
        if Staff.objects.filter(school=school).exists():
            continue
        for n in range(rng.randint(3, 5)):
            given, family = rng.choice(first), rng.choice(last)
            email = f"{given}.{family}".lower().replace("'", "")
            email += f"{n}@{school.domains[0]}"
            role = Staff.Role.HEADTEACHER if n == 0 else Staff.Role.TEACHER
            user = _user(email, f"{given} {family}")
            _staff(user, school, role, "Headteacher" if n == 0 else "Teacher")


@transaction.atomic
def seed(*, stdout) -> None:
    rng = random.Random(2026)
    for name in SUBJECTS:
        Subject.objects.get_or_create(
            slug=name.lower().replace(" ", "-"), defaults={"name": name}
        )
    partnership = _seed_partnership()
    _seed_schools(partnership, rng)
    home = _seed_logins(partnership)
    _seed_staff(home, rng)
    stdout.write(f"  partnership: {partnership.name}, {len(SCHOOL_NAMES)} schools\n")
