"""The forms of a fidelity review: starting one, the reviewer's score for an item, a step of
the action plan, and finishing it."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from portal.core.forms import CHOOSE_ONE, OptionalDate, PortalForm, record_id, text_area

SCORES = [SelectChoice(score, str(score)) for score in range(1, 6)]


class StartReviewForm(PortalForm):
    team = SelectField(_l("Team"), choices=[], coerce=record_id)
    period = SelectField(
        _l("Period"),
        choices=[],
        validators=[InputRequired(CHOOSE_ONE)],
        description=_l("A review covers a half-year, or a year once the team has good fidelity."),
    )


class ItemScoreForm(PortalForm):
    score = RadioField(
        _l("Score"), choices=SCORES, coerce=int, validators=[InputRequired(CHOOSE_ONE)]
    )
    note = text_area(
        _l("What the score rests on"),
        2000,
        description=_l("What you saw, heard or read: interviews, records, observations."),
    )


class ActionForm(PortalForm):
    item = SelectField(_l("Item"), choices=[], validators=[InputRequired(CHOOSE_ONE)])
    text = text_area(_l("What the team will do"), 2000)
    due_on = OptionalDate(_l("By when (optional)"))


class FinishForm(PortalForm):
    """Only the CSRF token: finishing asks for nothing more."""
