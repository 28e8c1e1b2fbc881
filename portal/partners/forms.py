"""The forms of a participant's treatment and agency contacts: adding one (the specialist),
and the participant's answer and choice of what each contact may see."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional

from portal.core.forms import (
    CHOOSE_ONE,
    OptionalDate,
    PortalForm,
    choices_from,
    email_field,
    line_field,
    name_field,
    text_area,
    version_field,
)
from portal.partners.labels import SHARE_LABELS
from portal.partners.models import SHARES
from portal.partners.notes import NOTE_LENGTH

ASK = "ask"
PAPER = "paper"


def _share_field(label) -> SelectMultipleField:
    # Checkboxes in the template (partners/_shares.html); nothing is ticked unless chosen.
    return SelectMultipleField(
        label, choices=[SelectChoice(name, SHARE_LABELS[name]) for name in SHARES]
    )


class AddContactForm(PortalForm):
    name = name_field()
    email = email_field()
    organisation = line_field(_l("Organisation"), 200)
    kind = SelectField(_l("Kind of contact"), validators=[InputRequired(CHOOSE_ONE)])
    # The labels name the participant, so the view sets them (add_contact_form).
    way = RadioField(
        _l("How did the participant say yes?"),
        choices=[SelectChoice(ASK, ASK), SelectChoice(PAPER, PAPER)],
        validators=[InputRequired(CHOOSE_ONE)],
    )
    consent_on = OptionalDate(_l("The date on the paper"), validators=[Optional()])
    shares = _share_field(_l("What they agreed on paper that this contact may see"))


class AnswerForm(PortalForm):
    """The participant's yes (with what they ticked) or no to one request."""

    answer = SelectField(choices=choices_from({"yes": "yes", "no": "no"}))
    shares = _share_field(_l("What they may see"))
    version = version_field()


class SharesForm(PortalForm):
    shares = _share_field(_l("What they may see"))
    version = version_field()


class VersionForm(PortalForm):
    """One press that changes a link (stop sharing): only the version it was made from."""

    version = version_field()


class NoteForm(PortalForm):
    """A contact's note to the IPS team (portal.partners.note_views)."""

    text = text_area(_l("Your note to the team"), NOTE_LENGTH)
    # The label names the participant: note_views.note_form sets it.
    treatment_only = BooleanField()
