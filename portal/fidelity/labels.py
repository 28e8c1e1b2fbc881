"""The words for the numbers behind a measured item, as the review page shows them."""

from flask_babel import lazy_gettext as _l

# measure: how its value reads, with %(value)s where the number goes
VALUE_TEXTS = {
    "caseload_per_full_time": _l("%(value)s participants per full-time post"),
    "one_specialist_throughout": _l("%(value)s %% had one specialist throughout"),
    "referred_by_treatment": _l("%(value)s %% referred by treatment contacts"),
    "no_one_screened_out": _l("%(value)s %% ended without screening anyone out"),
    "benefits_planning": _l("%(value)s %% had their benefits questions gone through"),
    "days_to_first_employer_meeting": _l("%(value)s days on average"),
    "employer_meetings_per_week": _l("%(value)s face-to-face contacts per specialist a week"),
    "different_employers": _l("%(value)s %% of the jobs with different employers"),
    "ordinary_jobs": _l("%(value)s %% of the jobs are ordinary jobs"),
    "jobs_with_support_plan": _l("%(value)s %% of the jobs have a support plan"),
    "different_job_types": _l("%(value)s %% of the jobs are of different types"),
    "contacts_follow_wishes": _l("%(value)s %% followed the participant's own goals"),
    "participant_decided_disclosure": _l("%(value)s %% decided themselves what was told"),
    "profile_kept_up": _l("%(value)s %% had their career profile brought up to date"),
    "follow_along_met": _l("%(value)s %% of the contacts due took place"),
}

NUMBER_LABELS = {
    "participants": _l("Participants"),
    "specialists": _l("Employment specialists"),
    "full_time_posts": _l("Full-time posts"),
    "one_specialist": _l("With one specialist throughout"),
    "handovers": _l("Hand-overs in the period"),
    "accepted": _l("Referrals accepted"),
    "by_treatment": _l("Of which from treatment contacts"),
    "ended": _l("Referrals that ended"),
    "started": _l("Started in IPS"),
    "own_reason": _l("Closed for the person's own reason"),
    "not_reached_after_tries": _l("Not reached after at least three tries"),
    "closed_too_soon": _l("Closed without enough tries"),
    "starts_and_changes": _l("Job starts and changes of hours"),
    "gone_through": _l("Benefits questions gone through"),
    "face_to_face_contacts": _l("Face-to-face employer contacts"),
    "jobs": _l("Jobs"),
    "employers": _l("Different employers"),
    "ordinary": _l("Ordinary jobs"),
    "with_a_support_plan": _l("With a support plan"),
    "jobs_with_a_type": _l("Jobs with a type of work"),
    "types_of_work": _l("Different types of work"),
    "contacts_for_participants": _l("Employer contacts for participants"),
    "following_a_wish": _l("Following one of the participant's goals"),
    "disclosure_decided": _l("The participant decided what was told"),
    "starts_and_endings": _l("Job starts and endings"),
    "profile_updated": _l("Career profile brought up to date"),
    "contacts_due": _l("Contacts due"),
    "contacts_met": _l("Contacts that took place"),
}
