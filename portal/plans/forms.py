"""Forms for plan steps and the plan's lists."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
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
from portal.core.identity import Country
from portal.core.submissions import submission_field
from portal.plans.models import ItemKind, Responsible, StepStatus

# Who a step belongs to, in the participant's words ...
OWNER_LABELS = {
    Responsible.ME: _l("Me"),
    Responsible.SPECIALIST: _l("My employment specialist"),
    Responsible.TREATMENT_TEAM: _l("Treatment team"),
    Responsible.OTHER: _l("Someone else"),
}
# ... and as the specialist sees them: "me" is then the participant.
OWNER_LABELS_FOR_STAFF = {
    **OWNER_LABELS,
    Responsible.ME: _l("The participant"),
    Responsible.SPECIALIST: _l("Employment specialist"),
}
# An agency is named as in the participant's team's country, in every language: the Danish
# jobcenter is no Arbetsförmedlingen. Each country names every agency, so that a step saved
# under the other country's agency still reads right (services.AGENCIES says what is offered).
_FORSAKRINGSKASSAN = lazy_pgettext(
    "agency in Sweden", "Försäkringskassan (the Swedish Social Insurance Agency)"
)
AGENCY_LABELS = {
    Country.DENMARK: {
        Responsible.JOB_CENTRE: lazy_pgettext("agency in Denmark", "Job centre (jobcenter)"),
        Responsible.UNEMPLOYMENT_FUND: lazy_pgettext(
            "agency in Denmark", "Unemployment insurance fund (a-kasse)"
        ),
        Responsible.FORSAKRINGSKASSAN: _FORSAKRINGSKASSAN,
    },
    Country.SWEDEN: {
        Responsible.JOB_CENTRE: lazy_pgettext(
            "agency in Sweden", "Arbetsförmedlingen (the Swedish Public Employment Service)"
        ),
        Responsible.FORSAKRINGSKASSAN: _FORSAKRINGSKASSAN,
        Responsible.UNEMPLOYMENT_FUND: lazy_pgettext(
            "agency in Sweden", "Unemployment insurance fund (a-kassa)"
        ),
    },
}


def responsible_labels(country: Country, staff: bool = False) -> dict:
    """Every owner's label for a participant of `country`, as they or their staff read it."""
    return {**(OWNER_LABELS_FOR_STAFF if staff else OWNER_LABELS), **AGENCY_LABELS[country]}


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
    """A step of one participant: `offered` are the owners it may have (services.
    responsible_choices: their country's agencies), named in `country`'s words. Any other
    value sent gets "Not a valid choice." and nothing is saved."""

    submission = submission_field()
    text = text_area(_l("What is the step?"), 300)
    responsible = SelectField(_l("Who is responsible?"), choices=[])
    due_date = OptionalDate(_l("Due date (optional)"), description=DATE_HINT)
    version = version_field()

    def __init__(
        self, *args, country: Country, offered: list[Responsible], staff: bool = False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        labels = responsible_labels(country, staff)
        self.responsible.choices = [SelectChoice(r.value, labels[r]) for r in offered]


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


# The history is read by both, so it names owners in the third person; agencies as in the
# participant's country (the pages pass it in).
register_value_labels(OWNER_LABELS_FOR_STAFF)
for _country in Country:
    register_value_labels(AGENCY_LABELS[_country], "responsible", _country)
register_value_labels(STEP_STATUS_LABELS)
