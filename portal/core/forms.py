"""The base form every feature uses: our translations for WTForms' own messages, and the
fields and validators for free text, dates and versions that every feature shares."""

import unicodedata
from decimal import Decimal, InvalidOperation

from flask import has_request_context
from flask_babel import get_translations
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DecimalField,
    EmailField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import TextInput

from portal.config import LANGUAGES
from portal.core.held_forms import held_formdata
from portal.core.i18n import LANGUAGE_NAMES
from portal.core.numbers import number_input

REQUIRED = _l("Please fill in this field.")
CHOOSE_ONE = _l("Please choose one.")
TOO_LONG = _l("Use at most %(max)d characters.")
DATE_HINT = _l("Pick a date, or type it as year-month-day, for example 2027-03-05.")

# WTForms' built-in messages we can show; listed so they land in our da and sv catalogs.
WTFORMS_MESSAGES = (
    _l("Not a valid choice."),
    _l("Invalid Choice: could not coerce."),
    _l("Not a valid integer value."),
    _l("Number must be between %(min)s and %(max)s."),
)


class FieldError(Exception):
    """Input a service cannot save; `field` names the form field the message belongs to, so
    the view can show it there (each feature names its own subclass)."""

    def __init__(self, message, field: str | None):
        super().__init__(str(message))
        self.message = message
        self.field = field


def show_field_error(form, error: FieldError, fallback: str | None = None) -> None:
    """Show a service's refusal under the field it names, in place of that field's messages.
    `fallback` takes it when this form has no such field: a service that several forms share
    may name a field only another of them has."""
    name = error.field if error.field in form else fallback
    form[name].errors = [str(error.message)]


class _BabelTranslations:
    """Hand WTForms' messages to our catalogs, so they follow the page's language.

    WTForms fills in its own placeholders afterwards, so these must not format anything.
    """

    def gettext(self, string):
        return get_translations().gettext(string)

    def ngettext(self, singular, plural, n):
        return get_translations().ngettext(singular, plural, n)


class PortalForm(FlaskForm):
    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            return _BabelTranslations()

        def wrap_formdata(self, form, formdata):
            formdata = super().wrap_formdata(form, formdata)
            if formdata is None and has_request_context():
                # The words of a form sent just after the session ended (portal.core.held_forms).
                return held_formdata(form, current_user)
            return formdata

        def render_field(self, field, render_kw):
            # Flask-WTF gives every form's hidden token the id "csrf_token", and a page with
            # several forms would repeat it; no label or script points at it, so it has none.
            if field.type == "CSRFTokenField":
                render_kw = {"id": False, **render_kw}
            return super().render_field(field, render_kw)


def _has_unusable_characters(text: str, allowed: str = "") -> bool:
    # Control, surrogate, private-use and unassigned characters; NUL cannot even be stored
    # in PostgreSQL, and the others show as boxes or move the cursor in a screen reader.
    return any(
        unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn")
        for char in text
        if char not in allowed
    )


class SingleLine:
    """Refuse control characters and line breaks."""

    def __call__(self, form, field):
        if _has_unusable_characters(field.data or ""):
            raise ValidationError(_l("Please use only letters, numbers and punctuation here."))


class PlainText:
    """Refuse control characters, but keep line breaks and tabs in longer text."""

    def __call__(self, form, field):
        if _has_unusable_characters(field.data or "", allowed="\r\n\t"):
            raise ValidationError(_l("Please use only letters, numbers and punctuation here."))


def choices_from(labels: dict) -> list[SelectChoice]:
    """Choices for a select or radio field from {enum member or value: label}."""
    return [SelectChoice(getattr(value, "value", value), label) for value, label in labels.items()]


LARGEST_ID = 2**31 - 1  # the largest id a database column holds everywhere


def record_id(value) -> int:
    """Coerce a chosen row's id from a form; anything that cannot be one (text, a number too
    large for the database) becomes 0, "nothing chosen", which the form or service explains."""
    text = str(value).strip() if value is not None else ""
    if not text.isdigit() or len(text) > 10 or int(text) > LARGEST_ID:
        return 0
    return int(text)


def strip_text(value):
    return value.strip() if isinstance(value, str) else value


def text_area(label, max_length: int, required: bool = True, **kwargs) -> TextAreaField:
    """A free-text field with a clear length limit and no control characters."""
    validators = [DataRequired(REQUIRED)] if required else []
    validators += [Length(max=max_length, message=TOO_LONG), PlainText()]
    # No maxlength attribute: a browser would cut pasted text short without a word, while
    # the server's check says clearly what is too long and keeps all of it in the form.
    render_kw = {"maxlength": False, **kwargs.pop("render_kw", {})}
    return TextAreaField(
        label, validators=validators, filters=[strip_text], render_kw=render_kw, **kwargs
    )


class OptionalDate(DateField):
    """A date typed as year-month-day (browsers with a date picker fill it in that way)."""

    def __init__(self, label=None, **kwargs):
        super().__init__(label, format="%Y-%m-%d", **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            self.raw_data = []  # only blanks is no input: InputRequired then says so
            return
        try:
            super().process_formdata([valuelist[0].strip()])
        except ValueError:
            self.data = None
            message = _l("Write the date as year-month-day, for example 2027-03-05.")
            raise ValueError(str(message)) from None


def _to_version(value):
    return int(value) if str(value).isdigit() and len(str(value)) < 10 else None


def version_field() -> HiddenField:
    """The version of the row the form was made from (see portal.core.versioning)."""
    return HiddenField(filters=[_to_version])


def line_field(label, max_length: int, required: bool = True, **kwargs) -> StringField:
    """A one-line text field (a title, a name of a place) with a clear length limit."""
    validators = [DataRequired(REQUIRED)] if required else []
    validators += [Length(max=max_length, message=TOO_LONG), SingleLine()]
    return StringField(label, validators=validators, filters=[_squash_spaces], **kwargs)


def _squash_spaces(value):
    return " ".join(value.split()) if isinstance(value, str) else value


class NumberField(DecimalField):
    """A number that may be written the Danish and Swedish way, with a decimal comma (7,5)."""

    # A text box (with a number keyboard on phones): <input type=number> drops the comma of
    # "7,5" in Chromium and sends 75.
    widget = TextInput()

    def __init__(self, label=None, minimum=0, maximum=None, required=False, places=None, **kwargs):
        message = _l("Write a number from %(min)s to %(max)s.")
        validators = [InputRequired(REQUIRED) if required else Optional()]
        validators.append(NumberRange(min=minimum, max=maximum, message=message))
        render_kw = {"inputmode": "decimal", **kwargs.pop("render_kw", {})}
        # `places`: the decimals shown back (2 for money); None shows those the number has.
        super().__init__(label, validators=validators, render_kw=render_kw, places=places, **kwargs)

    def process_formdata(self, valuelist):
        text = valuelist[0].strip().replace(",", ".").replace(" ", "") if valuelist else ""
        if not text:
            self.data = None
            self.raw_data = []  # only blanks is no input: InputRequired then says so
            return
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or len(text) > 12:
            self.data = None
            raise ValueError(str(_l("Write a number, for example 7.5 or 7,5.")))
        self.data = number.quantize(Decimal("0.01")) if number.as_tuple().exponent < -2 else number

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        # As the page shows it, with the language's decimal sign: 7,5 and 142,50, not 142.5.
        return "" if self.data is None else number_input(self.data, self.places)


INVALID_EMAIL = _l("Enter an e-mail address like name@example.dk.")


def email_field(label=None):
    return EmailField(
        label or _l("E-mail address"),
        validators=[
            DataRequired(REQUIRED),
            Length(max=254, message=_l("An e-mail address can have at most 254 characters.")),
            Email(INVALID_EMAIL, check_deliverability=False),
        ],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )


def name_field():
    return StringField(
        _l("Name"),
        validators=[
            DataRequired(REQUIRED),
            Length(max=120, message=_l("A name can have at most 120 characters.")),
            SingleLine(),
        ],
        filters=[lambda value: " ".join(value.split()) if isinstance(value, str) else value],
    )


def language_choices() -> list[SelectChoice]:
    # Each language is named in itself and marked with its lang for screen readers.
    return [SelectChoice(code, LANGUAGE_NAMES[code], {"lang": code}) for code in LANGUAGES]


class LanguageForm(PortalForm):
    lang = SelectField(choices=language_choices(), validate_choice=True)
    next = HiddenField()
