"""The report's choice of team and period (a GET form, so a report has an address), and the
form that shares a quarter's figures with the team."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, ValidationError
from wtforms.validators import InputRequired

from portal.core.forms import REQUIRED, PortalForm, record_id
from portal.reports.periods import parse

WHOLE_PERIODS = _l("Choose a month, a quarter, a half-year or a year from the list.")


class ReportForm(PortalForm):
    class Meta(PortalForm.Meta):
        csrf = False

    team = SelectField(_l("Team"), choices=[], coerce=record_id, validate_choice=False)
    # Whole calendar periods only (see portal.reports.periods); the choices are set per day.
    period = SelectField(
        _l("Period"),
        choices=[],
        validate_choice=False,  # any whole period may be asked for by its address
        validators=[InputRequired(REQUIRED)],
        description=_l("Reports cover whole months, quarters, half-years or years."),
    )

    def validate_period(self, field):
        if parse(field.data) is None:
            raise ValidationError(WHOLE_PERIODS)


class ShareFiguresForm(PortalForm):
    """The report's "Share with the team": the team and quarter shown, as hidden fields."""

    team = HiddenField(filters=[lambda value: value or None])
    period = HiddenField()
