"""Forms for plan steps and the plan's lists."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from portal.core.forms import (
    DATE_HINT,
    REQUIRED,
    OptionalDate,
    PortalForm,
    text_area,
    version_field,
)
from portal.core.history import register_value_labels
from portal.core.submissions import submission_field
from portal.plans.models import ItemKind, Responsible, StepStatus

RESPONSIBLE_LABELS = {
    Responsible.ME: _l("Me"),
    Responsible.SPECIALIST: _l("My employment specialist"),
    Responsible.TREATMENT_TEAM: _l("Treatment team"),
    Responsible.JOB_CENTRE: _l("Job centre"),
    Responsible.FORSAKRINGSKASSAN: _l("Försäkringskassan"),
    Responsible.OTHER: _l("Someone else"),
}
# The same owners as the specialist sees them: "me" is then the participant.
RESPONSIBLE_LABELS_FOR_STAFF = {
    **RESPONSIBLE_LABELS,
    Responsible.ME: _l("The participant"),
    Responsible.SPECIALIST: _l("Employment specialist"),
}
STEP_STATUS_LABELS = {
    StepStatus.TODO: _l("To do"),
    StepStatus.DONE: _l("Done"),
    StepStatus.DROPPED: _l("Dropped"),
}
ITEM_HEADINGS = {
    ItemKind.ACCOMMODATION: _l("What helps me at work"),
    ItemKind.OBSTACLE: _l("If this gets hard, we will ..."),
    ItemKind.BENEFIT: _l("Benefits questions to settle before a job start or more hours"),
}

# What each list's add form asks, and the button that opens it: a label says what is added.
ITEM_TEXT_LABELS = {
    ItemKind.ACCOMMODATION: _l("What helps at work?"),
    ItemKind.OBSTACLE: _l("What could get hard?"),
    ItemKind.BENEFIT: _l("The question about benefits"),
}
ITEM_ADD_LABELS = {
    ItemKind.ACCOMMODATION: _l("Add something that helps at work"),
    ItemKind.OBSTACLE: _l("Add what to do if something gets hard"),
    ItemKind.BENEFIT: _l("Add a question about benefits"),
}


class StepForm(PortalForm):
    submission = submission_field()
    text = text_area(_l("What is the step?"), 300)
    responsible = SelectField(_l("Who is responsible?"), choices=[])
    due_date = OptionalDate(_l("Due date (optional)"), description=DATE_HINT)
    version = version_field()

    def __init__(self, *args, staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        labels = RESPONSIBLE_LABELS_FOR_STAFF if staff else RESPONSIBLE_LABELS
        self.responsible.choices = [SelectChoice(r.value, labels[r]) for r in Responsible]


class StepStatusForm(PortalForm):
    status = SelectField(choices=[SelectChoice(s.value, STEP_STATUS_LABELS[s]) for s in StepStatus])


class ItemForm(PortalForm):
    submission = submission_field()
    kind = SelectField(choices=[SelectChoice(k.value, k.value) for k in ItemKind])
    text = text_area(_l("Text"), 500)  # each list names it: ITEM_TEXT_LABELS
    response = text_area(_l("Then we will ..."), 500, required=False)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.kind.data == ItemKind.OBSTACLE.value and not self.response.data:
            self.response.errors = [*self.response.errors, str(REQUIRED)]
            return False
        return valid


# The history is read by both, so it names owners in the third person.
register_value_labels(RESPONSIBLE_LABELS_FOR_STAFF)
register_value_labels(STEP_STATUS_LABELS)
