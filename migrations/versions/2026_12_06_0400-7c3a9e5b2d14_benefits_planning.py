"""Benefits planning at the moments that matter: each team's benefits questions (its
country's starting list, which the team lead edits) and a review per job start or change of
hours, open until the participant or the specialist has gone through the questions (IPS
fidelity item V1 counts them).

Revision ID: 7c3a9e5b2d14
Revises: 4b2d6e8f1a37
Create Date: 2026-12-06 04:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.core.db

# The starting questions' keys as they were on this day (portal.placements.services.
# benefit_questions): every team that exists gets its country's list now, as a new team gets
# it when it is made, so that reading a team's list never has to write it.
STARTING_KEYS = {
    "DK": [
        "dk_kontanthjaelp",
        "dk_ressourceforloeb",
        "dk_fleksjob",
        "dk_ledighedsydelse",
        "dk_boligstoette",
        "dk_akasse",
        "dk_tell",
    ],
    "SE": [
        "se_aktivitetsersattning",
        "se_sjukersattning",
        "se_etableringsersattning",
        "se_forsorjningsstod",
        "se_bostadstillagg",
        "se_akassa",
        "se_tell",
    ],
}

revision: str = "7c3a9e5b2d14"
down_revision: str | None = "4b2d6e8f1a37"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "benefit_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=True),
        sa.Column("text", sa.String(length=300), nullable=True),
        sa.Column("removed_at", portal.core.db.UTCDateTime(), nullable=True),
        sa.Column("created_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_benefit_questions_team_id_teams"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_benefit_questions")),
    )
    op.create_index(op.f("ix_benefit_questions_team_id"), "benefit_questions", ["team_id"])
    op.create_table(
        "benefits_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column(
            "reason",
            sa.Enum(
                "start",
                "hours",
                name="review_reason",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("hours_before", sa.Numeric(precision=4, scale=1), nullable=True),
        sa.Column("hours_after", sa.Numeric(precision=4, scale=1), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("opened_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.Column("done_at", portal.core.db.UTCDateTime(), nullable=True),
        sa.Column("done_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["users.id"],
            name=op.f("fk_benefits_reviews_client_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["done_by_id"],
            ["users.id"],
            name=op.f("fk_benefits_reviews_done_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["jobs.id"],
            name=op.f("fk_benefits_reviews_job_id_jobs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_benefits_reviews")),
    )
    op.create_index(op.f("ix_benefits_reviews_client_id"), "benefits_reviews", ["client_id"])
    op.create_index(op.f("ix_benefits_reviews_job_id"), "benefits_reviews", ["job_id"])
    _give_every_team_its_starting_list()


def _give_every_team_its_starting_list() -> None:
    connection = op.get_bind()
    questions = sa.table(
        "benefit_questions",
        sa.column("team_id", sa.Integer()),
        sa.column("position", sa.Integer()),
        sa.column("key", sa.String()),
        sa.column("created_at", portal.core.db.UTCDateTime()),
    )
    now = portal.core.db.utcnow()
    rows = [
        {"team_id": team_id, "position": position, "key": key, "created_at": now}
        for team_id, country in connection.execute(sa.text("SELECT id, country FROM teams"))
        for position, key in enumerate(STARTING_KEYS.get(country, STARTING_KEYS["DK"]), 1)
    ]
    if rows:
        op.bulk_insert(questions, rows)


def downgrade() -> None:
    op.drop_index(op.f("ix_benefits_reviews_job_id"), table_name="benefits_reviews")
    op.drop_index(op.f("ix_benefits_reviews_client_id"), table_name="benefits_reviews")
    op.drop_table("benefits_reviews")
    op.drop_index(op.f("ix_benefit_questions_team_id"), table_name="benefit_questions")
    op.drop_table("benefit_questions")
