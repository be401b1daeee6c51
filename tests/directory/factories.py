"""Factories for the best-practice directory and support engagements."""

from datetime import date

import factory

from schools.directory.models import (
    Organisation,
    Recommendation,
    SupportEngagement,
    SupportOffer,
)
from schools.directory.services import recommendation_reindex
from tests.factories import SchoolFactory, UserFactory


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = Organisation.Kind.SUBJECT_ASSOCIATION


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"recommendation-{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    school = factory.SubFactory(SchoolFactory)
    level = factory.LazyAttribute(
        lambda o: (
            Recommendation.Level.DEPARTMENT
            if o.subject
            else Recommendation.Level.SCHOOL
        )
    )
    subject = None
    title = factory.Sequence(lambda n: f"Good practice {n}")
    summary = "Teachers plan together and check what pupils learn."
    recommended_on = date(2025, 9, 1)
    status = Recommendation.Status.PUBLISHED
    published_on = factory.LazyAttribute(
        lambda o: date(2025, 9, 8) if o.status == "published" else None
    )

    @factory.post_generation
    def reindex(obj, create, extracted, **kwargs):
        if create:
            recommendation_reindex(recommendation=obj)


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportOffer
        skip_postgeneration_save = True

    recommendation = factory.SubFactory(RecommendationFactory)
    kind = SupportOffer.Kind.VISIT_COACHING
    title = factory.Sequence(lambda n: f"Offer {n}")
    capacity = 2
    cost = 0
    format = SupportOffer.Format.IN_PERSON
    contact_name = "Jo Bloggs"
    contact_email = "jo@example.org"

    @factory.post_generation
    def reindex(obj, create, extracted, **kwargs):
        # As the offer services do: the recommendation's row keeps its offers.
        if create:
            recommendation_reindex(recommendation=obj.recommendation)


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportEngagement

    offer = factory.SubFactory(OfferFactory)
    requesting_school = factory.SubFactory(SchoolFactory)
    supporting_school = factory.LazyAttribute(lambda o: o.offer.recommendation.school)
    requested_by = factory.SubFactory(UserFactory)
    goals = "Improve reading."
    status = SupportEngagement.Status.REQUESTED
