"""The caseload view's choices (sort and filter, read from the address so links can share
them) and the team lead's hand-over form."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SubmitField

from portal.caseload.services import Phase, Sort
from portal.core.forms import PortalForm, record_id, text_area

PHASE_LABELS = {
    Phase.ENGAGEMENT: _l("Engagement"),
    Phase.JOB_SEARCH: _l("Job search"),
    Phase.WORKING: _l("Working"),
    Phase.FOLLOW_ALONG: _l("Follow-along"),
}
ATTENTION = "attention"


@dataclass
class CaseloadView:
    sort: str = Sort.NAME.value
    show: str | None = None  # None (everyone), "attention", or a phase

    @classmethod
    def from_args(cls, args) -> "CaseloadView":
        """Unknown values fall back to the default view rather than an error page."""
        sort = args.get("sort", "")
        show = args.get("show") or None
        return cls(
            sort=sort if sort in {choice.value for choice in Sort} else Sort.NAME.value,
            show=show if show in {ATTENTION, *(phase.value for phase in Phase)} else None,
        )

    def args(self, **changes) -> dict:
        """The address arguments of this view with some changed (defaults left out)."""
        values = {"sort": self.sort, "show": self.show} | changes
        return {key: value for key, value in values.items() if value and value != Sort.NAME}

    @property
    def phase(self) -> str | None:
        return self.show if self.show not in (None, ATTENTION) else None


class HandoverForm(PortalForm):
    specialist = SelectField(
        _l("New employment specialist"), choices=[], coerce=record_id, validate_choice=False
    )
    note_to_client = text_area(
        _l("A note for the participant (optional)"),
        2000,
        required=False,
        description=_l("Shown on the participant's home page, with the new specialist's name."),
    )
    note_to_specialist = text_area(
        _l("A note for the new specialist (optional)"),
        2000,
        required=False,
        description=_l("Only the new specialist sees it. Nothing about health."),
    )
    # The first valid POST only asks for a confirmation (naming both specialists), carrying
    # the choices in hidden fields: "confirmed" saves them, "change" shows the form again.
    confirmed = SubmitField(_l("Yes, hand over"))
    change = SubmitField(_l("Change"))
