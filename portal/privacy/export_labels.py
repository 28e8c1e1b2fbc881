"""Words for the readable export: a heading for every table that can hold a client's rows
(portal.privacy.services.client_rows) and a label for every field in it.

A new table or column that can refer to a client needs its words here; a test
(tests/privacy/test_readable_export.py) fails until it has them, so the participant never
reads a database name.
"""

from flask_babel import lazy_gettext as _l

from portal.accounts.models import TokenPurpose
from portal.core.history import ACTION_LABELS as HISTORY_ACTIONS
from portal.core.history import FIELD_LABELS as HISTORY_FIELDS
from portal.core.i18n import LANGUAGE_NAMES
from portal.core.identity import ROLE_LABELS, Country
from portal.goals.models import NoteKind
from portal.intake.models import CLOSING_LABELS, SOURCE_LABELS
from portal.meetings.forms import OUTREACH_WAY_LABELS
from portal.meetings.models import MeetingNotice, SummaryResponse
from portal.occupations.isco import SUB_MAJOR_GROUPS
from portal.partners import labels as partner_labels
from portal.placements.forms import (
    CATEGORY_LABELS,
    DISCLOSURE_LABELS,
    EVENT_LABELS,
    FEELING_LABELS,
    REVIEW_REASON_LABELS,
)
from portal.placements.models import JobKind
from portal.plans.forms import ITEM_HEADINGS, responsible_labels
from portal.plans.models import StepState
from portal.privacy.forms import ACTION_LABELS, ACTOR_LABELS, WHAT_LABELS

TABLE_LABELS = {
    "users": _l("Your account"),
    "account_tokens": _l("Links sent to you by e-mail"),
    "audit_entries": _l("Who has looked at your data"),
    "benefits_reviews": _l("Benefits questions at a job start or a change of hours"),
    "career_profiles": _l("Your career profile"),
    "checkins": _l("Check-ins with your employer"),
    "partner_links": _l("Treatment and agency contacts you said yes or no to"),
    "partner_link_events": _l("Your answers to treatment and agency contacts"),
    "partner_notes": _l("Notes from treatment and agency contacts to your team"),
    "meeting_partners": _l("Treatment and agency contacts invited to your meetings"),
    "consent_events": _l("Your consent, step by step"),
    "conversations": _l("Your conversations"),
    "employer_consents": _l("What employers may be told"),
    "employer_contacts": _l("Your specialist's contacts with employers about you"),
    "feedback": _l("Your feedback"),
    "form_submissions": _l("Forms you sent"),
    "goal_notes": _l("Notes on your goals"),
    "goals": _l("Your goals"),
    "handovers": _l("Hand-overs to a new specialist"),
    "held_forms": _l("Forms kept for you after you were signed out"),
    "invitations": _l("Invitations you sent"),
    "history_entries": _l("Changes to your goals, plan, profile, work and meetings"),
    "jobs": _l("Your work and education"),
    "login_sessions": _l("Your sign-ins"),
    "meetings": _l("Your meetings"),
    "messages": _l("Your messages"),
    "plan_items": _l("Help, obstacles and benefits questions in your plan"),
    "plan_steps": _l("The steps in your plan"),
    "profile_suggestions": _l("Suggestions for your career profile"),
    "recovery_codes": _l("Your recovery codes for two-factor sign-in"),
    "specialist_availability": _l("Your availability as staff"),
    "struggling_signals": _l("Times you said work was hard"),
    "own_checkins": _l('Your answers to "How is work going?"'),
    "held_emails": _l("News kept for you instead of an e-mail"),
    "passkeys": _l("Your passkeys"),
    "eid_links": _l("Your linked eID"),
    "referrals": _l("Referrals to the team"),
    "team_leads": _l("Teams you lead"),
    "employer_contact_links": _l("Workplaces where you are a contact person"),
    "fidelity_reviews": _l("Fidelity reviews you started or finished"),
    "outreach_tries": _l("Your specialist's tries to get back in touch with you"),
    "fidelity_item_scores": _l("Scores you gave in fidelity reviews"),
    "fidelity_actions": _l("Steps you wrote into fidelity action plans"),
    "shared_figures": _l("Figures you shared with your team"),
}

# A field's label by its column name, wherever it is ...
FIELD_LABELS = {
    **HISTORY_FIELDS,
    "created_at": _l("Written"),
    "updated_at": _l("Last changed"),
    "expires_at": _l("Valid until"),
    "used_at": _l("Used"),
    "purpose": _l("What for"),
    "actor_role": _l("Who"),
    "action": _l("What they did"),
    "what": _l("What they saw"),
    "sent_at": _l("Sent"),
    "answered_at": _l("Answered"),
    "still_working": _l("Still working there"),
    "hours": _l("Hours"),
    "rating": _l("Rating"),
    "wants_call": _l("Would like a call"),
    "comment": _l("Comment"),
    "call_handled_at": _l("Call taken care of"),
    "concern_followed_up_at": _l("Employer's answer followed up"),
    "by_phone": _l("Answer given by phone"),
    "category": _l("What it is about"),
    "value": _l("Your choice"),
    "note": _l("Note"),
    "wording": _l("The words you saw"),
    "wording_version": _l("Version of the words"),
    "locale": _l("Language"),
    "subject": _l("Subject"),
    "last_message_at": _l("Last message"),
    "may_contact": _l("The specialist may contact the employer"),
    "share_name": _l("First name and job title may be shown in check-ins"),
    "disclosure": _l("What may be said about the support"),
    "disclosure_note": _l("What we agreed to say"),
    "contact_on": _l("Date"),
    "in_person": _l("In person"),
    "named": _l("With your name"),
    "month": _l("Month"),
    "body": _l("Text"),
    "note_to_client": _l("Note to you"),
    "note_to_specialist": _l("Note to the new specialist"),
    "page": _l("Page"),
    "fields": _l("What the form held"),
    "changes": _l("What changed"),
    "client_sees_answers": _l("You see the employer's check-in answers"),
    "last_seen_at": _l("Last active"),
    "summary_at": _l("Summary written"),
    "response_at": _l("Answered"),
    "cancelled_at": _l("Cancelled"),
    "feedback_closed_at": _l("Feedback closed"),
    "from_client": _l("Written by you"),
    "read_at": _l("Read by the recipient"),
    "client_cleared_at": _l("Ticked off by you"),
    "specialist_cleared_at": _l("Ticked off by the specialist"),
    "removed_at": _l("Removed"),
    "state": _l("Proposal"),
    "dismissed_at": _l("When you set it aside"),
    "reply_days": _l("Reply time in days"),
    "away_from": _l("Away from"),
    "away_until": _l("Away until"),
    "handled_at": _l("Taken care of"),
    "email": _l("E-mail address"),
    "name": _l("Name"),
    "role": _l("Role"),
    "phone": _l("Phone"),
    "enrolled_on": _l("In IPS since"),
    "digest_opt_in": _l("Daily e-mail summary"),
    "digest_sent_at": _l("Last summary e-mail"),
    "mfa_enabled_at": _l("Two-factor sign-in switched on"),
    "restricted_at": _l("Records restricted"),
    "erased_at": _l("Erased"),
    "activated_at": _l("Account activated"),
    "deactivated_at": _l("Account switched off"),
    "archived_at": _l("Put away"),
    "position": _l("Place in the list"),
}
# ... unless the same name means something else in one table.
TABLE_FIELD_LABELS = {
    ("employer_contacts", "goal_id"): _l("Which of your goals it followed"),
    ("fidelity_actions", "item"): _l("Item of the fidelity scale"),
    ("fidelity_actions", "due_on"): _l("By when"),
    ("fidelity_actions", "text"): _l("What the team will do"),
    ("fidelity_item_scores", "item"): _l("Item of the fidelity scale"),
    ("fidelity_item_scores", "score"): _l("Score"),
    ("fidelity_item_scores", "too_few"): _l("Too few to score from the records"),
    ("fidelity_item_scores", "numbers"): _l("The counts behind the score"),
    ("fidelity_item_scores", "entered_at"): _l("Scored"),
    ("fidelity_reviews", "period"): _l("Period"),
    ("fidelity_reviews", "period_start"): _l("First day"),
    ("fidelity_reviews", "period_end"): _l("Last day"),
    ("fidelity_reviews", "finished_at"): _l("Finished"),
    ("fidelity_reviews", "total"): _l("Total score"),
    ("users", "weekly_hours"): _l("Working hours a week"),
    ("shared_figures", "period"): _l("Period"),
    ("shared_figures", "period_start"): _l("First day"),
    ("shared_figures", "period_end"): _l("Last day"),
    ("shared_figures", "figures"): _l("The figures"),
    ("shared_figures", "shared_at"): _l("Shared"),
    ("audit_entries", "created_at"): _l("When"),
    ("benefits_reviews", "reason"): _l("What happened"),
    ("benefits_reviews", "hours_before"): _l("Hours per week before"),
    ("benefits_reviews", "hours_after"): _l("Hours per week after"),
    ("benefits_reviews", "due_on"): _l("Date of the start or the change"),
    ("benefits_reviews", "opened_at"): _l("Asked to go through the questions"),
    ("benefits_reviews", "done_at"): _l("Gone through"),
    ("checkins", "due_date"): _l("Due"),
    ("own_checkins", "due_date"): _l("Check-in day"),
    ("users", "username"): _l("User name"),
    ("passkeys", "credential_id"): _l("The passkey's number"),
    ("passkeys", "public_key"): _l("The passkey's public key"),
    ("passkeys", "sign_count"): _l("Times the passkey counted"),
    ("passkeys", "last_used_at"): _l("Last used"),
    ("eid_links", "issuer"): _l("The eID broker"),
    ("eid_links", "subject"): _l("Your number at the eID broker"),
    ("eid_links", "last_used_at"): _l("Last used"),
    ("held_emails", "body"): _l("Text"),
    ("referrals", "source"): _l("How the referral came"),
    ("referrals", "work_wish"): _l("Work the person would like"),
    ("referrals", "tries"): _l("Tries to reach the person"),
    ("referrals", "last_try_at"): _l("Last try"),
    ("referrals", "accepted_at"): _l("Accepted"),
    ("referrals", "closed_at"): _l("Closed"),
    ("referrals", "closing_reason"): _l("Why it was closed"),
    ("referrals", "wiped_at"): _l("Who the person is, deleted"),
    ("own_checkins", "feeling"): _l("Your answer"),
    ("checkins", "expires_at"): _l("Link valid until"),
    ("goal_notes", "kind"): _l("Kind of note"),
    ("history_entries", "subject"): _l("What it was about"),
    ("history_entries", "action"): _l("What happened"),
    ("jobs", "kind"): _l("Job or education"),
    ("jobs", "occupation"): _l("Type of work"),
    ("outreach_tries", "tried_on"): _l("Date"),
    ("outreach_tries", "way"): _l("How"),
    ("outreach_tries", "reached"): _l("Got hold of you"),
    ("jobs", "support_plan"): _l("Support in the job"),
    ("jobs", "support_plan_at"): _l("Support plan written"),
    ("meetings", "response"): _l("Your answer to the summary"),
    ("login_sessions", "created_at"): _l("Signed in"),
    ("messages", "created_at"): _l("Sent"),
    ("plan_items", "kind"): _l("Part of the plan"),
    ("plan_items", "response"): _l("Then we will"),
    ("recovery_codes", "created_at"): _l("Made"),
    ("partner_links", "organisation"): _l("Where they work"),
    ("partner_links", "consent_way"): _l("How you said yes"),
    ("partner_links", "consent_on"): _l("The day you said yes"),
    ("partner_links", "paper_seen_at"): _l("You saw your yes on paper in the portal"),
    ("partner_links", "withdrawn_at"): _l("Sharing stopped"),
    **{
        ("partner_links", f"share_{name}"): _l("May see: %(what)s", what=label)
        for name, label in partner_labels.SHARE_LABELS.items()
    },
    ("partner_link_events", "what"): _l("What happened"),
    ("partner_link_events", "shares"): _l("Shared after this"),
    ("partner_link_events", "wording"): _l("The words you were shown"),
    ("partner_notes", "treatment_only"): _l("About treatment only"),
    ("partner_notes", "read_requested_at"): _l("You asked to read it"),
    ("meetings", "client_notice"): _l("A change not yet seen"),
    ("meetings", "notice_was_at"): _l("The time you knew"),
}
# Left out: counters the portal uses to notice two edits at once, and a record's number.
HIDDEN_FIELDS = {"version", "totp_last_step", "subject_id", "sample_seed"}

# Stored values in the reader's words, where the plain value would be a code.
TABLE_VALUE_LABELS = {
    ("users", "role"): ROLE_LABELS,
    ("users", "locale"): LANGUAGE_NAMES,
    ("consent_events", "locale"): LANGUAGE_NAMES,
    ("audit_entries", "actor_role"): {**ROLE_LABELS, **ACTOR_LABELS},
    ("audit_entries", "action"): ACTION_LABELS,
    ("audit_entries", "what"): WHAT_LABELS,
    ("benefits_reviews", "reason"): REVIEW_REASON_LABELS,
    ("account_tokens", "purpose"): {
        TokenPurpose.INVITATION: _l("Invitation"),
        TokenPurpose.PASSWORD_RESET: _l("New password"),
        TokenPurpose.SIGN_IN_CODE: _l("Sign-in code on paper"),
    },
    ("consent_events", "category"): CATEGORY_LABELS,
    ("consent_events", "value"): EVENT_LABELS,
    ("employer_consents", "disclosure"): DISCLOSURE_LABELS,
    ("goal_notes", "kind"): {NoteKind.PROGRESS: _l("Your note"), NoteKind.COMMENT: _l("Comment")},
    ("history_entries", "action"): HISTORY_ACTIONS,
    ("history_entries", "subject"): {
        "goal": _l("a goal"),
        "step": _l("a plan step"),
        "accommodation": _l("your plan"),
        "obstacle": _l("your plan"),
        "benefit": _l("your plan"),
        "profile": _l("your career profile"),
        "job": _l("work or education"),
        "meeting": _l("a meeting"),
        "start": _l("your start in IPS"),
    },
    ("jobs", "kind"): {JobKind.JOB: _l("Job"), JobKind.EDUCATION: _l("Education")},
    ("jobs", "occupation"): SUB_MAJOR_GROUPS,
    ("outreach_tries", "way"): OUTREACH_WAY_LABELS,
    ("own_checkins", "feeling"): FEELING_LABELS,
    ("referrals", "source"): SOURCE_LABELS,
    ("referrals", "closing_reason"): CLOSING_LABELS,
    ("meetings", "client_notice"): {
        MeetingNotice.CHANGED: _l("moved or changed"),
        MeetingNotice.CANCELLED: _l("cancelled"),
    },
    ("meetings", "response"): {
        SummaryResponse.CONFIRMED: _l("confirmed"),
        SummaryResponse.DISPUTED: _l("corrected"),
    },
    ("plan_items", "kind"): ITEM_HEADINGS,
    ("partner_links", "state"): partner_labels.STATE_LABELS,
    ("partner_links", "consent_way"): partner_labels.WAY_LABELS,
    ("partner_link_events", "what"): partner_labels.EVENT_LABELS,
    ("plan_steps", "state"): {
        StepState.AGREED: _l("Agreed"),
        StepState.PROPOSED: _l("Proposed, waiting for you"),
        StepState.DECLINED: _l("Declined"),
    },
}

# ... and where the words depend on the participant's team country: {country: labels}.
COUNTRY_TABLE_VALUE_LABELS = {
    ("plan_steps", "responsible"): {country: responsible_labels(country) for country in Country},
    ("partner_links", "kind"): {
        country: partner_labels.kind_labels(country) for country in Country
    },
}


def field_label(table: str, column: str):
    return TABLE_FIELD_LABELS.get((table, column)) or FIELD_LABELS.get(column)
