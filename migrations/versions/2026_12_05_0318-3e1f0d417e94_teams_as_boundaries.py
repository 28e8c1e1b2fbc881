"""Teams as the boundary of need-to-know: each team has a country; leads lead teams
(`team_leads`); employer organisations belong to a team and contact persons are linked to the
records of each team (`employer_contact_links`, replacing users.employer_id); the invitations a
person sent are kept until they expire (`invitations`).

Existing employers go to the team that used them first (its participants' jobs, its
specialists' contacts, or the team of whoever invited their contacts); existing team leads lead
their own team.

Revision ID: 3e1f0d417e94
Revises: 5d0b7c1e2a93
Create Date: 2026-12-05 03:18:37
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.core.db

revision: str = "3e1f0d417e94"
down_revision: str | None = "5d0b7c1e2a93"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FIRST_TEAM_OF_EMPLOYER = """
UPDATE employer_organisations SET team_id = COALESCE(
    (SELECT MIN(u.team_id) FROM jobs j JOIN users u ON u.id = j.client_id
     WHERE j.employer_id = employer_organisations.id),
    (SELECT MIN(s.team_id) FROM employer_contacts c JOIN users s ON s.id = c.specialist_id
     WHERE c.employer_id = employer_organisations.id),
    (SELECT MIN(i.team_id) FROM users e JOIN users i ON i.id = e.invited_by_id
     WHERE e.employer_id = employer_organisations.id),
    (SELECT MIN(id) FROM teams))
"""


def upgrade() -> None:
    with op.batch_alter_table("teams") as batch_op:
        batch_op.add_column(
            sa.Column(
                "country",
                sa.Enum(
                    "DK", "SE", name="country", native_enum=False, create_constraint=True, length=20
                ),
                server_default="DK",
                nullable=False,
            )
        )
    op.create_table(
        "team_leads",
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_team_leads_team_id_teams"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_team_leads_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("team_id", "user_id", name=op.f("pk_team_leads")),
    )
    op.create_index(op.f("ix_team_leads_user_id"), "team_leads", ["user_id"])
    op.execute(
        "INSERT INTO team_leads (team_id, user_id) "
        "SELECT team_id, id FROM users WHERE role = 'admin' AND team_id IS NOT NULL"
    )

    with op.batch_alter_table("employer_organisations") as batch_op:
        batch_op.add_column(sa.Column("team_id", sa.Integer(), nullable=True))
    op.execute(FIRST_TEAM_OF_EMPLOYER)
    # Employers of an installation without any team cannot belong anywhere: a team is made.
    if op.get_bind().scalar(
        sa.text("SELECT COUNT(*) FROM employer_organisations WHERE team_id IS NULL")
    ):
        op.execute(
            "INSERT INTO teams (name, country, created_at) VALUES ('Employers', 'DK', CURRENT_TIMESTAMP)"
        )
        op.execute(FIRST_TEAM_OF_EMPLOYER)
    with op.batch_alter_table("employer_organisations") as batch_op:
        batch_op.alter_column("team_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint("uq_employer_organisations_name", type_="unique")
        batch_op.create_index(op.f("ix_employer_organisations_team_id"), ["team_id"])
        batch_op.create_unique_constraint(
            op.f("uq_employer_organisations_team_id"), ["team_id", "name"]
        )
        batch_op.create_foreign_key(
            op.f("fk_employer_organisations_team_id_teams"), "teams", ["team_id"], ["id"]
        )

    op.create_table(
        "employer_contact_links",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["employer_organisations.id"],
            name=op.f("fk_employer_contact_links_employer_id_employer_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_employer_contact_links_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "employer_id", name=op.f("pk_employer_contact_links")),
    )
    op.create_index(
        op.f("ix_employer_contact_links_employer_id"), "employer_contact_links", ["employer_id"]
    )
    op.execute(
        "INSERT INTO employer_contact_links (user_id, employer_id) "
        "SELECT id, employer_id FROM users WHERE employer_id IS NOT NULL"
    )
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_index("ix_users_employer_id")
        batch_op.drop_constraint("fk_users_employer_id_employer_organisations", type_="foreignkey")
        batch_op.drop_column("employer_id")

    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "client",
                "specialist",
                "employer",
                "admin",
                name="invitation_role",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("created_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.Column("expires_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["invited_by_id"],
            ["users.id"],
            name=op.f("fk_invitations_invited_by_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitations")),
    )
    op.create_index(op.f("ix_invitations_invited_by_id"), "invitations", ["invited_by_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_invitations_invited_by_id"), table_name="invitations")
    op.drop_table("invitations")

    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("employer_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_users_employer_id_employer_organisations",
            "employer_organisations",
            ["employer_id"],
            ["id"],
        )
        batch_op.create_index("ix_users_employer_id", ["employer_id"])
    op.execute(
        "UPDATE users SET employer_id = (SELECT MIN(employer_id) FROM employer_contact_links l "
        "WHERE l.user_id = users.id)"
    )
    op.drop_index(
        op.f("ix_employer_contact_links_employer_id"), table_name="employer_contact_links"
    )
    op.drop_table("employer_contact_links")

    # Going back to one record per company name fails if two teams have the same name.
    with op.batch_alter_table("employer_organisations") as batch_op:
        batch_op.drop_constraint(
            op.f("fk_employer_organisations_team_id_teams"), type_="foreignkey"
        )
        batch_op.drop_constraint(op.f("uq_employer_organisations_team_id"), type_="unique")
        batch_op.drop_index(op.f("ix_employer_organisations_team_id"))
        batch_op.create_unique_constraint("uq_employer_organisations_name", ["name"])
        batch_op.drop_column("team_id")

    op.drop_index(op.f("ix_team_leads_user_id"), table_name="team_leads")
    op.drop_table("team_leads")
    with op.batch_alter_table("teams") as batch_op:
        # SQLite's copy of the table would keep the CHECK on a column that is gone.
        batch_op.drop_constraint(op.f("ck_teams_country"), type_="check")
        batch_op.drop_column("country")
