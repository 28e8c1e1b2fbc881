"""Forms for planning and recording a meeting, and for the client's answer to its summary."""

import re
from datetime import time

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectField, StringField
from wtforms.validators import InputRequired
from wtforms.widgets import TimeInput

from portal.core.forms import (
    CHOOSE_ONE,
    DATE_HINT,
    REQUIRED,
    OptionalDate,
    PortalForm,
    choices_from,
    line_field,
    text_area,
    version_field,
)
from portal.core.history import register_value_labels
from portal.core.submissions import submission_field
from portal.meetings.models import MeetingMode, OutreachWay, SummaryResponse

MODE_LABELS = {
    MeetingMode.IN_PERSON: _l("In person"),
    MeetingMode.PHONE: _l("By phone"),
    MeetingMode.VIDEO: _l("By video"),
}
DURATION_LABELS = {
    15: _l("15 minutes"),
    30: _l("30 minutes"),
    45: _l("45 minutes"),
    60: _l("1 hour"),
    90: _l("1½ hours"),
    120: _l("2 hours"),
}
register_value_labels(MODE_LABELS, "mode")


def meeting_labels() -> dict:
    """The words for a meeting's mode and length, for the templates that list meetings."""
    return {"mode_labels": MODE_LABELS, "duration_labels": DURATION_LABELS}


register_value_labels(
    {SummaryResponse.CONFIRMED: _l("confirmed"), SummaryResponse.DISPUTED: _l("corrected")},
    "summary_answer",
)

# 9:30, 09.30 (the Danish way) or 9 for nine o'clock.
CLOCK = re.compile(r"([01]?\d|2[0-3])(?:[:.]([0-5]\d))?")


class ClockTimeField(StringField):
    """A time of day; phones show a time picker, and typed times may use . or :."""

    widget = TimeInput()

    def process_formdata(self, valuelist):
        text = valuelist[0].strip() if valuelist else ""
        self.data = None
        if not text:
            self.raw_data = []  # only blanks is no input: InputRequired then says so
            return
        match = CLOCK.fullmatch(text)
        if match is None:
            raise ValueError(str(_l("Write the time as hours and minutes, for example 09:30.")))
        self.data = time(int(match.group(1)), int(match.group(2) or 0))

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return self.data.strftime("%H:%M") if self.data else ""


class MeetingForm(PortalForm):
    on = OptionalDate(_l("Date"), validators=[InputRequired(REQUIRED)], description=DATE_HINT)
    at = ClockTimeField(
        _l("Time"), validators=[InputRequired(REQUIRED)], description=_l("For example 09:30.")
    )
    duration = SelectField(
        _l("Length"), choices=choices_from(DURATION_LABELS), coerce=int, default=60
    )
    mode = RadioField(
        _l("How do you meet?"),
        choices=choices_from(MODE_LABELS),
        default=MeetingMode.IN_PERSON.value,
        validators=[InputRequired(CHOOSE_ONE)],
    )
    place = line_field(
        _l("Where (optional)"),
        200,
        required=False,
        description=_l("An address, or the phone number or video link you will use."),
    )
    summary = text_area(
        _l("What we agreed (optional until the meeting has taken place)"),
        4000,
        required=False,
        description=_l("In plain words the participant can confirm. Nothing about health."),
    )
    version = version_field()
    submission = submission_field()


class ConfirmForm(PortalForm):
    version = version_field()


class CorrectionForm(PortalForm):
    correction = text_area(
        _l("What is not right?"),
        2000,
        description=_l(
            "Your employment specialist sees your correction and can change the summary."
        ),
    )
    version = version_field()


OUTREACH_WAY_LABELS = {
    OutreachWay.PHONE: _l("A call"),
    OutreachWay.MESSAGE: _l("A text, an e-mail or a letter"),
    OutreachWay.HOME_VISIT: _l("A visit at home"),
    OutreachWay.COMMUNITY_VISIT: _l("A visit where they usually are"),
    OutreachWay.TREATMENT_TEAM: _l("With or through the treatment team"),
    OutreachWay.FAMILY: _l("Through family, with their leave"),
}


class OutreachForm(PortalForm):
    """One try to get back in touch (portal.meetings.outreach)."""

    tried_on = OptionalDate(
        _l("Date of the try"), validators=[InputRequired(REQUIRED)], description=DATE_HINT
    )
    way = RadioField(
        _l("How did you try?"),
        choices=choices_from(OUTREACH_WAY_LABELS),
        validators=[InputRequired(CHOOSE_ONE)],
    )
    reached = BooleanField(_l("We got hold of them"))
    note = text_area(_l("Note (optional)"), 500, required=False)
