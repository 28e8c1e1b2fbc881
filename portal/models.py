"""Import every model module, so that the metadata knows every table (Alembic, privacy, tests).

create_app calls it first: the privacy export and erasure walk `Base.metadata`, and must find
every table whether or not a blueprint happened to import its model."""

import importlib

MODEL_MODULES = (
    "portal.core.identity",
    "portal.core.audit",
    "portal.core.held_forms",
    "portal.core.history",
    "portal.core.outbox",
    "portal.core.submissions",
    "portal.accounts.models",
    "portal.caseload.models",
    "portal.feedback.models",
    "portal.fidelity.models",
    "portal.goals.models",
    "portal.intake.models",
    "portal.meetings.models",
    "portal.messaging.models",
    "portal.occupations.models",
    "portal.partners.models",
    "portal.placements.models",
    "portal.plans.models",
    "portal.privacy.models",
    "portal.profiles.models",
    "portal.reports.models",
)


def load_all_models() -> None:
    for module in MODEL_MODULES:
        importlib.import_module(module)
