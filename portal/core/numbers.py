"""Numbers as the reader's language writes them (7,5 timer; 142,50 kr.), on pages and in the
text boxes that show a number back, through Babel with the same locale as dates."""

from decimal import Decimal

from babel import numbers as babel_numbers

from portal.core.i18n import format_locale

# Kroner and kronor always with their øre: 142,50 kr.
MONEY = "#,##0.00"


def number_text(value: Decimal | float | int, pattern: str | None = None) -> str:
    """Write a number for reading: grouped thousands, the language's decimal sign."""
    return babel_numbers.format_decimal(value, pattern, locale=format_locale())


def number_input(value: Decimal, places: int | None = None) -> str:
    """Write a number into a text box as the page shows it, but without grouping (the form
    would read "1.234" as one point two): 7,5, or with `places` 2 (money) 142,50."""
    pattern = "0." + ("0" * places if places else "###")
    return babel_numbers.format_decimal(value, pattern, locale=format_locale())
