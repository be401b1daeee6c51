"""Units a measure is counted in, and what a value in each unit may be."""

from decimal import Decimal

from django.db import models

from partnership.kernel.errors import DomainError


class Unit(models.TextChoices):
    PERCENT = "percent", "Percentage (0 to 100)"
    PUPILS = "pupils", "Number of pupils"
    COUNT = "count", "Number"
    DAYS = "days", "Days"
    SCORE = "score", "Score"


WHOLE_UNITS = {Unit.PUPILS, Unit.COUNT}


def unit_suffix(unit: str) -> str:
    return {"percent": "%", "pupils": " pupils", "days": " days"}.get(unit, "")


def check_value(value: Decimal | None, unit: str, *, what: str = "The value") -> None:
    """A value must make sense in its unit: a percentage lies between 0 and 100, a
    number of pupils is whole and not negative."""
    if value is None:
        return
    if unit == Unit.PERCENT and not (0 <= value <= 100):
        raise DomainError(f"{what} is a percentage: enter a number from 0 to 100.")
    if unit in WHOLE_UNITS:
        if value < 0:
            raise DomainError(
                f"{what} is a number of {Unit(unit).label.lower()[10:]}: it cannot be negative."
            )
        if value != value.to_integral_value():
            raise DomainError(
                f"{what} is counted in whole numbers: enter a whole number."
            )
    if unit == Unit.DAYS and value < 0:
        raise DomainError(f"{what} is a number of days: it cannot be negative.")
