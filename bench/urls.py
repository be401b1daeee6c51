"""Files of realistic URLs for the load generator: one path a line, >= 1,000 each.

Run by bench/seed.py (stage "urls"), inside Django. Search and filter pages draw
their parameters from the data (words of titles, school names, towns, postcodes,
filter combinations); object pages cycle through up to 1,000 objects (every one
when there are fewer: about 150 partnerships, 300 journal articles).
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.urls import Resolver404, resolve
from django.utils import timezone

from schools.models import School, Subject

COUNT = 1000
WORD = re.compile(r"[A-Za-z][a-z]{3,}")
STOP = {"with", "from", "that", "this", "their", "they", "were", "school", "schools"}


def _words(texts, rng, limit=400) -> list[str]:
    seen: dict[str, None] = {}
    for text in texts:
        for word in WORD.findall(text or ""):
            if word.lower() not in STOP:
                seen.setdefault(word.lower())
    words = list(seen)
    rng.shuffle(words)
    return words[:limit] or ["reading"]


def _fill(make, rng, count=COUNT) -> list[str]:
    """`count` distinct values from make(rng) (or as many as it can give)."""
    out: dict[str, None] = {}
    for _ in range(count * 20):
        out.setdefault(make(rng))
        if len(out) >= count:
            break
    return list(out)


def _sample(values: list, rng, count=COUNT) -> list:
    values = list(values)
    rng.shuffle(values)
    return values[:count]


def schools(rng) -> dict[str, list[str]]:
    rows = list(
        School.objects.members()
        .open()
        .order_by("?")
        .values_list("urn", "name", "town", "postcode")[:5000]
    )
    phases = ["", "primary", "secondary", "nursery"]
    names = _words([r[1] for r in rows], rng) + sorted({r[2] for r in rows})
    outward = sorted({r[3].split()[0] for r in rows if r[3]})

    def search(r):
        q = r.choice(names + outward)
        params = {"q": q}
        phase = r.choice(phases)
        if phase:
            params["phase"] = phase
        return "/schools/?" + urlencode(params)

    return {
        "school page": [f"/schools/{r[0]}/" for r in rows[:COUNT]],
        "schools search": _fill(search, rng),
        "_postcodes": [r[3] for r in rows if r[3]],
    }


def research(rng) -> dict[str, list[str]]:
    from research import selectors
    from research.models import Project

    visible = selectors.project_list(user=AnonymousUser())
    slugs = list(visible.order_by("?").values_list("slug", flat=True)[:COUNT])
    titles = Project.objects.values_list("title", "findings").order_by("?")[:3000]
    words = _words([f"{t} {f}" for t, f in titles], rng)

    def search(r):
        n = r.choice([1, 1, 2])
        return "/research/?" + urlencode({"q": " ".join(r.sample(words, n))})

    from research.models import PHASES

    subjects = list(Subject.objects.values_list("slug", flat=True)) or [""]
    tags = sorted(
        {
            tag
            for (text,) in Project.objects.exclude(tags="")
            .order_by("?")
            .values_list("tags")[:3000]
            for tag in text.split(", ")
        }
    ) or ["oracy"]
    this_year = timezone.localdate().year
    choices = {
        "phase": [value for value, _ in PHASES],
        "subject": subjects,
        "status": [value for value, _ in Project.Status.choices],
        "year": [str(y) for y in range(2018, this_year + 2)],
        "tag": tags,
    }

    def browse(r):
        """The list with one to three filters and no words: rare and empty
        combinations (post-16 drafts of next year) among the common ones."""
        params = {
            name: r.choice(choices[name])
            for name in r.sample(list(choices), r.randint(1, 3))
        }
        if r.random() < 0.3:
            params["page"] = r.randint(2, 5)
        return "/research/?" + urlencode(params)

    return {
        "research search": _fill(search, rng),
        "research filters": _fill(browse, rng),
        "research project": [f"/research/{s}/" for s in slugs],
    }


def directory(rng, postcodes: list[str]) -> dict[str, list[str]]:
    try:
        from schools.directory.models import Recommendation
    except ImportError:
        return {}
    published = Recommendation.objects.filter(status="published")
    slugs = list(published.order_by("?").values_list("slug", flat=True)[:COUNT])
    words = _words(published.order_by("?").values_list("title", flat=True)[:3000], rng)
    subjects = list(Subject.objects.values_list("slug", flat=True)) or [""]
    phases = ["primary", "secondary", "nursery", "all-through"]

    def search(r):
        params = [("q", r.choice(words))]
        for _ in range(r.randint(0, 2)):
            params.append(("phase", r.choice(phases)))
        if r.random() < 0.6:
            params.append(("subject", r.choice(subjects)))
        return "/directory/?" + urlencode(params)

    # "Near" starts from real postcodes when the postcode directory is loaded (the
    # directory's bench seeder loads one), so the figure is not of "unknown postcode".
    from schools.models import Postcode

    known = list(
        Postcode.objects.filter(terminated__isnull=True)
        .order_by("?")
        .values_list("postcode", flat=True)[:2000]
    )
    postcodes = known or postcodes

    def near(r):
        return "/directory/?" + urlencode(
            {"near": r.choice(postcodes), "miles": r.choice([5, 10, 25])}
        )

    from schools.directory.filters import COST_CHOICES
    from schools.directory.models import Organisation, SupportOffer

    authorities = list(
        published.order_by()
        .values_list("school_local_authority", flat=True)
        .distinct()[:200]
    ) or ["Camden"]
    facets = {
        "phase": phases,
        "subject": subjects,
        "organisation": [value for value, _ in Organisation.Kind.choices],
        "support": [value for value, _ in SupportOffer.Kind.choices],
        "cost": [value for value, _ in COST_CHOICES],
        "la": authorities,
    }

    def browse(r):
        """Filters with no words, as a person narrows the whole directory."""
        params = [
            (n, r.choice(facets[n])) for n in r.sample(list(facets), r.randint(1, 3))
        ]
        if r.random() < 0.3:
            params.append(("page", r.randint(2, 5)))
        return "/directory/?" + urlencode(params)

    out = {
        "recommendation": [f"/directory/{s}/" for s in slugs],
        "directory search with filters": _fill(search, rng),
        "directory filters": _fill(browse, rng),
    }
    if postcodes:
        out["directory near a postcode"] = _fill(near, rng)
    return out


def partnerships() -> dict[str, list[str]]:
    from partnership.improvement.models import OutcomesSettings
    from partnership.models import Partnership

    slugs = list(Partnership.objects.values_list("slug", flat=True))
    out = {"partnership page": [f"/partnerships/{s}/" for s in slugs]}
    # The public outcomes pages: only partnerships that made some part public
    # (the others answer 404 to visitors, as they should).
    public = [
        f"/partnerships/{slug}/outcomes/"
        for slug, parts in OutcomesSettings.objects.values_list(
            "partnership__slug", "public_parts"
        )
        if parts
    ]
    if public:
        out["partnership outcomes"] = public
    if _resolves("/events/"):
        out["events"] = ["/events/"]
    return out


def _resolves(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def write(folder: Path, seed: int = 2026) -> dict[str, dict]:
    """Write one file per page into `folder`; {name: {"file", "count", "first"}}."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    pages: dict[str, list[str]] = {}
    found = schools(rng)
    postcodes = found.pop("_postcodes")
    pages.update(found)
    pages.update(research(rng))
    pages.update(directory(rng, postcodes))
    pages.update(partnerships())
    out = {}
    for name, paths in pages.items():
        if not paths:
            continue
        path = folder / (re.sub(r"\W+", "_", name) + ".txt")
        path.write_text("\n".join(paths) + "\n", encoding="utf-8")
        out[name] = {"file": str(path), "count": len(paths), "first": paths[0]}
    return out
