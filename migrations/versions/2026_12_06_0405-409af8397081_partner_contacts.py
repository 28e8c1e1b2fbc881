"""Treatment and agency contacts: the role `partner`, one participant's yes to one named
contact with what that contact may see (partner_links), and every yes, no, change and
withdrawal with the wording shown (partner_link_events). See portal.partners.models.

Revision ID: 409af8397081
Revises: 7c3a9e5b2d14
Create Date: 2026-12-06 04:05:17
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.core.db

ROLES_BEFORE = ("client", "specialist", "employer", "admin")
ROLES_AFTER = (*ROLES_BEFORE, "partner")


def _allow_roles(roles: tuple[str, ...]) -> None:
    listed = ", ".join(f"'{role}'" for role in roles)
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_constraint(op.f("ck_users_user_role"), type_="check")
        batch_op.create_check_constraint(op.f("ck_users_user_role"), f"role IN ({listed})")


revision: str = "409af8397081"
down_revision: str | None = "7c3a9e5b2d14"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "partner_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "psychiatry",
                "gp",
                "social_psychiatry",
                "job_centre",
                "unemployment_fund",
                "forsakringskassan",
                name="partner_kind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "asked",
                "active",
                "declined",
                "withdrawn",
                name="partner_link_state",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "consent_way",
            sa.Enum(
                "portal",
                "paper",
                name="consent_way",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("consent_on", sa.Date(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("paper_seen_at", portal.core.db.UTCDateTime(), nullable=True),
        sa.Column("share_goals", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("share_plan", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("share_meetings", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("share_history", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("share_strengths", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("share_preferences", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("share_supports", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.Column("answered_at", portal.core.db.UTCDateTime(), nullable=True),
        sa.Column("withdrawn_at", portal.core.db.UTCDateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["users.id"],
            name=op.f("fk_partner_links_client_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["users.id"],
            name=op.f("fk_partner_links_partner_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_partner_links_recorded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_partner_links_team_id_teams"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_links")),
        sa.UniqueConstraint("client_id", "partner_id", name=op.f("uq_partner_links_client_id")),
    )
    with op.batch_alter_table("partner_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partner_links_client_id"), ["client_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_partner_links_partner_id"), ["partner_id"], unique=False
        )

    op.create_table(
        "partner_link_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("what", sa.String(length=20), nullable=False),
        sa.Column("shares", sa.String(length=200), nullable=False),
        sa.Column("wording", sa.Text(), nullable=True),
        sa.Column("locale", sa.String(length=8), nullable=True),
        sa.Column("created_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_partner_link_events_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["users.id"],
            name=op.f("fk_partner_link_events_client_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["link_id"],
            ["partner_links.id"],
            name=op.f("fk_partner_link_events_link_id_partner_links"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_link_events")),
    )
    with op.batch_alter_table("partner_link_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_link_events_client_id"), ["client_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_partner_link_events_link_id"), ["link_id"], unique=False
        )

    _allow_roles(ROLES_AFTER)


def downgrade() -> None:
    op.execute("DELETE FROM users WHERE role = 'partner'")
    _allow_roles(ROLES_BEFORE)
    with op.batch_alter_table("partner_link_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_link_events_link_id"))
        batch_op.drop_index(batch_op.f("ix_partner_link_events_client_id"))

    op.drop_table("partner_link_events")
    with op.batch_alter_table("partner_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_links_partner_id"))
        batch_op.drop_index(batch_op.f("ix_partner_links_client_id"))

    op.drop_table("partner_links")
