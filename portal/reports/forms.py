"""The report's choice of team and period (a GET form, so a report has an address)."""

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, ValidationError
from wtforms.validators import InputRequired

from portal.forms import DATE_HINT, REQUIRED, OptionalDate, PortalForm, record_id

LONGEST_PERIOD = timedelta(days=5 * 366)


class ReportForm(PortalForm):
    class Meta(PortalForm.Meta):
        csrf = False

    team = SelectField(_l("Team"), choices=[], coerce=record_id, validate_choice=False)
    start = OptionalDate(_l("From"), validators=[InputRequired(REQUIRED)], description=DATE_HINT)
    end = OptionalDate(_l("To"), validators=[InputRequired(REQUIRED)], description=DATE_HINT)

    def validate_end(self, field):
        if field.data and self.start.data:
            if field.data < self.start.data:
                raise ValidationError(_l("The period ends before it starts."))
            if field.data - self.start.data > LONGEST_PERIOD:
                raise ValidationError(_l("Choose a period of at most five years."))
