"""The base form every feature uses: our translations for WTForms' own messages, and
validators for free text that a database or a screen cannot take."""

import unicodedata

from flask_babel import get_translations
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import ValidationError

# WTForms' built-in messages we can show; listed so they land in our da and sv catalogs.
WTFORMS_MESSAGES = (
    _l("Not a valid choice."),
    _l("Invalid Choice: could not coerce."),
    _l("Not a valid integer value."),
)


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


class SingleLine:
    """Refuse control characters and line breaks (NUL cannot even be stored in PostgreSQL)."""

    def __call__(self, form, field):
        value = field.data or ""
        if any(unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn") for char in value):
            raise ValidationError(_l("Please use only letters, numbers and punctuation here."))
