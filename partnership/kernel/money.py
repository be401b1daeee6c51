"""Money is exact: Decimal pounds with two places, never a float."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

PENNY = Decimal("0.01")


class NotMoney(ValueError):
    """The value is not a number of pounds."""


class FractionOfPenny(ValueError):
    """The value has fractions of a penny."""


def to_money(value) -> Decimal:
    """A value as exact pounds and pence; refuses fractions of a penny."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise NotMoney(f"“{value}” is not an amount of money.") from exc
    if not amount.is_finite():
        raise NotMoney("An amount of money must be a number.")
    if amount != amount.quantize(PENNY, rounding=ROUND_HALF_UP):
        raise FractionOfPenny("An amount of money cannot have fractions of a penny.")
    return amount.quantize(PENNY)


def pounds(value) -> str:
    """An exact amount as pounds and pence: £1,234.50 (and -£3.00)."""
    if value is None or value == "":
        return ""
    amount = Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"
