import pytest

from partnership.pagination import CappedPaginator
from schools.models import School
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def test_a_broad_match_is_counted_only_up_to_the_cap():
    SchoolFactory.create_batch(7)
    paginator = CappedPaginator(School.objects.order_by("name"), 2, cap=5)
    assert paginator.is_capped
    assert paginator.num_pages == 3  # the first five rows, two a page
    assert [s.name for s in paginator.page(3)] == [
        s.name for s in School.objects.order_by("name")[4:6]
    ]


def test_a_narrow_match_is_counted_exactly():
    SchoolFactory.create_batch(3)
    paginator = CappedPaginator(School.objects.all(), 2, cap=5)
    assert not paginator.is_capped
    assert paginator.count == 3
    assert paginator.num_pages == 2
