"""Forms for goals, progress notes and comments."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField

from portal.core.forms import (
    DATE_HINT,
    OptionalDate,
    PortalForm,
    choices_from,
    text_area,
    version_field,
)
from portal.core.history import register_value_labels
from portal.core.submissions import submission_field
from portal.goals.models import GoalKind, GoalStatus

KIND_LABELS = {GoalKind.JOB: _l("Job goal"), GoalKind.EDUCATION: _l("Education goal")}
STATUS_LABELS = {
    GoalStatus.ACTIVE: _l("Working on it"),
    GoalStatus.ACHIEVED: _l("Achieved"),
    GoalStatus.PAUSED: _l("Paused"),
}


class GoalForm(PortalForm):
    submission = submission_field()
    text = text_area(
        _l("What is your goal?"),
        500,
        description=_l("In your own words, for example: work with animals, 15 hours a week."),
    )
    kind = SelectField(_l("Kind of goal"), choices=choices_from(KIND_LABELS))
    target_date = OptionalDate(
        _l("When would you like to reach it? (optional)"),
        description=DATE_HINT,
    )
    status = SelectField(_l("Status"), choices=choices_from(STATUS_LABELS))
    version = version_field()


class GoalNoteForm(PortalForm):
    submission = submission_field()
    body = text_area(_l("Your note"), 1000)


class MoveForm(PortalForm):
    direction = HiddenField()


register_value_labels(KIND_LABELS)
register_value_labels(STATUS_LABELS)
