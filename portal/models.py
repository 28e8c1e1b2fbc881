"""Import every model module, so that the metadata knows every table (Alembic, tests)."""


def load_all_models() -> None:
    import portal.accounts.models
    import portal.audit
    import portal.caseload.models
    import portal.checkins.models
    import portal.consent.models
    import portal.employers.models
    import portal.feedback.models
    import portal.goals.models
    import portal.held_forms
    import portal.history
    import portal.jobs.models
    import portal.meetings.models
    import portal.messaging.models
    import portal.outbox
    import portal.plans.models
    import portal.privacy.models
    import portal.profiles.models
    import portal.submissions  # noqa: F401
