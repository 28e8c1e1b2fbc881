"""The feedback form: a rating from 1 to 5, an optional comment, and who may see it."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField
from wtforms.validators import InputRequired, ValidationError

from portal.core.forms import CHOOSE_ONE, PortalForm, choices_from, record_id, text_area
from portal.core.submissions import submission_field

RATING_LABELS = {
    "1": _l("1: not at all"),
    "2": _l("2: a little"),
    "3": _l("3: somewhat"),
    "4": _l("4: much"),
    "5": _l("5: very much"),
}
NAMED = "named"
ANONYMOUS = "anonymous"
SHARING_LABELS = {
    ANONYMOUS: _l("Without my name: only counted together with the answers of at least 4 others"),
    NAMED: _l("With my name, to my employment specialist"),
}


class RatingField(RadioField):
    """A 1-5 rating; anything else gets a message that says what is wanted."""

    def pre_validate(self, form):
        if self.data not in RATING_LABELS:
            raise ValidationError(_l("Choose a number from 1 to 5."))


class FeedbackForm(PortalForm):
    rating = RatingField(
        _l("Did this help you move towards your goal?"),
        choices=choices_from(RATING_LABELS),
        validators=[InputRequired(_l("Choose a number from 1 to 5."))],
    )
    comment = text_area(
        _l("Do you want to say more? (optional)"),
        2000,
        required=False,
        description=_l("What helped, what could be better? Please do not write about your health."),
    )
    sharing = RadioField(
        _l("Who may see your answer?"),
        choices=choices_from(SHARING_LABELS),
        default=ANONYMOUS,
        validators=[InputRequired(CHOOSE_ONE)],
        # Kept true by feedback.report and list_named_feedback: only the client's own
        # specialist is ever shown a name; the team lead's report names nobody.
        description=_l("Only your employment specialist sees your name, and only if you choose."),
    )
    submission = submission_field()


BY_QUARTER = "quarter"
BY_MONTH = "month"


class ReportFilterForm(PortalForm):
    """The team lead's choice of team and of period length (a GET form: no CSRF needed)."""

    class Meta(PortalForm.Meta):
        csrf = False

    team = SelectField(_l("Team"), choices=[], coerce=record_id, validate_choice=False)
    by = SelectField(
        _l("Periods"),
        choices=choices_from({BY_QUARTER: _l("Quarters"), BY_MONTH: _l("Months")}),
        default=BY_QUARTER,
    )
