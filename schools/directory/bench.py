"""National-scale postcodes for benchmarking "near a postcode" (`make bench`).

`seed(scale=1.0)` creates about 120,000 postcodes (`scale` times that) spread over
England, one at each located school (so a search near it finds schools) and the
rest at random, then the outward-code centres. Idempotent: postcodes are
`ZB<n> <d><LL>` / `ZC...`, made with a fixed random seed and `ignore_conflicts`.
Returns the URLs worth measuring.
"""

from __future__ import annotations

import random
from urllib.parse import quote_plus

from schools.models import Postcode, School
from schools.services import outward_codes_refresh

BATCH = 5_000
PER_SCALE = 120_000
LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def _code(n: int) -> tuple[str, str]:
    area = "ZB" if n % 2 else "ZC"
    outward = f"{area}{(n // 2) % 99 + 1}"
    inward = f"{(n // 198) % 10}{LETTERS[(n // 1980) % 20]}{LETTERS[(n // 39600) % 20]}"
    return outward, f"{outward} {inward}"


def seed(*, scale: float = 1.0, rng_seed: int = 2026) -> dict:
    rng = random.Random(rng_seed)
    total = int(PER_SCALE * scale)
    schools = list(
        School.objects.filter(latitude__isnull=False)
        .order_by("pk")
        .values_list("latitude", "longitude")[:total]
    )
    rows, sample = [], ""
    for n in range(total):
        outward, postcode = _code(n)
        if n < len(schools):
            lat, lon = schools[n]
        else:
            lat, lon = rng.uniform(50.4, 54.9), rng.uniform(-4.5, 1.5)
        sample = sample or postcode
        rows.append(
            Postcode(
                postcode=postcode,
                outward_code=outward,
                latitude=round(lat, 6),
                longitude=round(lon, 6),
            )
        )
        if len(rows) >= BATCH:
            Postcode.objects.bulk_create(rows, ignore_conflicts=True)
            rows = []
    Postcode.objects.bulk_create(rows, ignore_conflicts=True)
    outward_codes_refresh()
    outward = sample.split(" ")[0] if sample else ""
    return {
        "postcodes": Postcode.objects.count(),
        "sample_postcode": sample,
        "pages": [
            (
                "directory near a postcode",
                f"/directory/?near={quote_plus(sample)}&miles=25",
            ),
            (
                "directory near an outward code, filtered",
                f"/directory/?near={quote_plus(outward)}&miles=25&phase=primary",
            ),
        ],
    }
