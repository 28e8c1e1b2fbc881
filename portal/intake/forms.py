"""The "I would like to work" form, a clinic's referral, and the specialist's answers to a
referral. Nothing here asks about diagnosis, treatment or readiness (zero exclusion)."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, RadioField, SelectField, StringField
from wtforms.validators import Email, InputRequired, Length, Optional, ValidationError

from portal.core.forms import (
    CHOOSE_ONE,
    INVALID_EMAIL,
    PortalForm,
    choices_from,
    line_field,
    name_field,
    record_id,
    text_area,
)
from portal.core.submissions import submission_field
from portal.intake.models import CLOSING_LABELS

# The hidden field a person never sees: a form that comes back with it filled in was sent by
# a program, and is thanked and dropped (no puzzle for people to solve).
HONEYPOT = "website"
PHONE_CHARACTERS = set("0123456789 +-()")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class ReachableForm(PortalForm):
    """Who would like to work and how to reach them: a name and an e-mail or a phone."""

    name = name_field()
    email = EmailField(
        _l("E-mail address (optional)"),
        validators=[
            Optional(),
            Length(max=254, message=_l("An e-mail address can have at most 254 characters.")),
            Email(INVALID_EMAIL, check_deliverability=False),
        ],
        filters=[_strip],
    )
    phone = line_field(_l("Phone (optional)"), 40, required=False, render_kw={"type": "tel"})
    work_wish = text_area(_l("What kind of work would you like? (optional)"), 500, required=False)

    def validate_phone(self, field):
        if field.data and not set(field.data) <= PHONE_CHARACTERS:
            raise ValidationError(
                _l("Write the phone number with digits, for example 20 30 40 50.")
            )
        if not field.data and not self.email.data:
            raise ValidationError(
                _l("Write a phone number or an e-mail address, so that the team can reach you.")
            )


class SelfReferralForm(ReachableForm):
    website = StringField(_l("Leave this field empty"), filters=[_strip])


class ClinicReferralForm(ReachableForm):
    submission = submission_field()
    team = SelectField(_l("IPS team"), coerce=record_id, validate_choice=True)
    work_wish = text_area(
        _l("What kind of work would the person like? (optional)"), 500, required=False
    )


class CloseReferralForm(PortalForm):
    reason = RadioField(
        _l("Why does the referral end?"),
        choices=choices_from(CLOSING_LABELS),
        validators=[InputRequired(CHOOSE_ONE)],
    )
