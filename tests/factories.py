"""Factories for test data. Each app's tests add their own beside these."""

import factory
from allauth.account.models import EmailAddress

from partnership.models import Membership, Partnership
from schools.models import School, Staff, Subject, User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    # Far from every URN a test gives (the GIAS sample's 1008xx, 99xxxx) and the
    # journal bench's 8xxxxx: a made-up school never takes a URN a test names.
    urn = factory.Sequence(lambda n: 700000 + n)
    name = factory.Sequence(lambda n: f"Test School {n}")
    phase = School.Phase.PRIMARY
    local_authority = "Riverside"
    town = "Riverside"
    postcode = "RV1 1AA"
    latitude = 51.47
    longitude = -0.05
    email_domains = factory.Sequence(lambda n: f"school{n}.example")


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Partnership {n}")
    slug = factory.Sequence(lambda n: f"partnership-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    partnership = factory.SubFactory(PartnershipFactory)
    school = factory.SubFactory(SchoolFactory)


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Staff

    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)
    role = Staff.Role.TEACHER


class SubjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subject
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Subject {n}")
    slug = factory.Sequence(lambda n: f"subject-{n}")


def member_school(partnership=None, **kwargs) -> School:
    """A school that is a current member of a partnership."""
    school = SchoolFactory(**kwargs)
    MembershipFactory(partnership=partnership or PartnershipFactory(), school=school)
    return school
