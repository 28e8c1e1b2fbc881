"""Forms for the client's consent per employer, and the specialist's request for it."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField
from wtforms.validators import InputRequired

from portal.consent.models import Category, Disclosure
from portal.forms import CHOOSE_ONE, PortalForm, choices_from, record_id, text_area

DISCLOSURE_LABELS = {
    Disclosure.NO: _l("No, do not mention that I get support"),
    Disclosure.YES: _l("Yes, you may say that I get support from the IPS team"),
    Disclosure.AGREED: _l("Only what we have agreed (write it below)"),
}

CATEGORY_LABELS = {
    Category.CONTACT: _l("Contact with the employer"),
    Category.NAME: _l("First name and job title in check-ins"),
    Category.DISCLOSURE: _l("Telling about the support"),
}
EVENT_LABELS = {
    "given": _l("Consent given"),
    "withdrawn": _l("Consent withdrawn"),
    **{choice.value: label for choice, label in DISCLOSURE_LABELS.items()},
}


class PermissionForm(PortalForm):
    """One press gives or withdraws one permission: giving and withdrawing are equally easy."""

    category = SelectField(choices=choices_from({"contact": "contact", "name": "name"}))
    given = SelectField(choices=choices_from({"yes": "yes", "no": "no"}))


class DisclosureForm(PortalForm):
    disclosure = RadioField(
        _l("May your employment specialist tell the employer that you get support?"),
        choices=choices_from(DISCLOSURE_LABELS),
        validators=[InputRequired(CHOOSE_ONE)],
    )
    note = text_area(
        _l("What we agreed may be said (optional)"),
        1000,
        required=False,
        description=_l("In your own words. Only you and your employment specialist see this."),
    )


class RequestConsentForm(PortalForm):
    employer = SelectField(_l("Employer"), choices=[], coerce=record_id, validate_choice=False)
