from django.db.models import Q

from schools.models import School, Staff


def school_list(*, query: str = "", phase: str = ""):
    """Open member schools for the public list, with their staff counts."""
    schools = School.objects.members().open()
    if query:
        q = (
            Q(name__icontains=query)
            | Q(town__icontains=query)
            | Q(postcode__icontains=query)
        )
        if query.isdigit():
            q |= Q(urn=int(query))
        schools = schools.filter(q)
    if phase:
        schools = schools.filter(phase=phase)
    return schools.order_by("name")


def school_staff(*, school: School):
    return (
        Staff.objects.filter(school=school, left__isnull=True)
        .select_related("user")
        .order_by("role", "user__full_name")
    )
