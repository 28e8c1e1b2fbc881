"""Forms for the career profile and the specialist's suggestions."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, IntegerField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional
from wtforms.widgets import HiddenInput

from portal.core.forms import PortalForm, text_area, version_field
from portal.core.history import register_value_labels
from portal.core.submissions import submission_field
from portal.profiles.models import Section

SECTION_HEADINGS = {
    Section.HISTORY: _l("Work and education so far"),
    Section.STRENGTHS: _l("Skills and strengths"),
    Section.PREFERENCES: _l("What I am looking for"),
    Section.SUPPORTS: _l("Support that helps me"),
}
SHARED_LABEL = _l("My employment specialist may see this section")


class ProfileForm(PortalForm):
    """Every section in one form: a save keeps all that was typed, in any section.

    The field names are the profile's columns, so the form fills itself from the profile.
    """

    history = text_area(
        _l("Jobs, education, courses and voluntary work"),
        4000,
        required=False,
        description=_l("Anything counts, also short jobs and things you did long ago."),
    )
    history_shared = BooleanField(SHARED_LABEL)
    strengths = text_area(
        _l("What are you good at, and what do others say you are good at?"),
        4000,
        required=False,
    )
    strengths_shared = BooleanField(SHARED_LABEL)
    preferred_work = text_area(_l("Type of work"), 1000, required=False)
    hours_per_week = IntegerField(
        _l("Hours per week (optional)"),
        validators=[
            Optional(),
            NumberRange(min=1, max=60, message=_l("Write a number of hours from 1 to 60.")),
        ],
    )
    preferred_place = text_area(
        _l("Where"),
        1000,
        required=False,
        description=_l("For example a town, or how far you can travel."),
    )
    what_matters = text_area(_l("What matters to you in a job"), 2000, required=False)
    preferences_shared = BooleanField(SHARED_LABEL)
    supports = text_area(
        _l("What helps you when things are hard, and who can help?"), 4000, required=False
    )
    supports_shared = BooleanField(SHARED_LABEL)
    version = version_field()
    # The buttons: which section's Save, which suggestion's "Set aside" (fields too, so that a
    # form sent with them after the session ended is held like the rest).
    saved_from = HiddenField()
    dismiss = HiddenField()
    # The sections the page showed (one hidden input each); a field, so that words held at a
    # session's end (portal.core.held_forms) fit this form. The view refuses an unknown one.
    sections = SelectMultipleField(
        choices=[SelectChoice(s.value, s.value) for s in Section],
        validate_choice=False,
        widget=HiddenInput(),
    )


class SuggestionForm(PortalForm):
    submission = submission_field()
    body = text_area(_l("Your suggestion"), 1000)


register_value_labels(SECTION_HEADINGS)
