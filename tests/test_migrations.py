"""The schema comes only from the migrations, and they agree with the models."""

import pytest
from alembic import command as alembic_command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from portal.core.db import Base
from portal.ops.schema import alembic_config
from tests.database import make_test_app, throwaway_database


@pytest.fixture
def scratch_app(tmp_path_factory):
    with throwaway_database(tmp_path_factory, "migrations") as url:
        app = make_test_app(url)
        yield app
        app.extensions["db_engine"].dispose()


def schema_differences(url: str) -> list:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()


def table_names(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_the_test_database_was_built_by_the_migrations_and_matches_the_models(app):
    url = app.config["DATABASE_URL"]
    assert "alembic_version" in table_names(url)
    assert schema_differences(url) == []


def test_upgrade_from_empty_downgrade_to_base_and_upgrade_again(scratch_app):
    url = scratch_app.config["DATABASE_URL"]
    with scratch_app.app_context():
        config = alembic_config()
        alembic_command.upgrade(config, "head")
        assert set(Base.metadata.tables) <= table_names(url)
        assert schema_differences(url) == []
        alembic_command.downgrade(config, "base")
        assert table_names(url) <= {"alembic_version"}
        alembic_command.upgrade(config, "head")
        assert schema_differences(url) == []


def test_a_model_change_without_a_migration_is_detected(app):
    from sqlalchemy import Column, Integer, MetaData, Table

    extra = MetaData()
    for table in Base.metadata.tables.values():
        table.to_metadata(extra)
    Table("unmigrated_table", extra, Column("id", Integer, primary_key=True))
    engine = create_engine(app.config["DATABASE_URL"])
    try:
        with engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), extra)
    finally:
        engine.dispose()
    assert [entry[0] for entry in diff] == ["add_table"]


def test_revision_files_are_date_prefixed_and_documented():
    from pathlib import Path

    versions = Path(__file__).resolve().parent.parent / "migrations" / "versions"
    files = sorted(versions.glob("*.py"))
    assert files
    for path in files:
        assert path.name[:4].isdigit() and path.name[4] == "_", path.name
        assert path.read_text().startswith('"""'), path.name


def test_teams_that_exist_when_benefits_planning_arrives_get_their_countrys_questions(
    scratch_app,
):
    from sqlalchemy import text

    from portal.placements.services.benefit_questions import STARTING_QUESTIONS

    url = scratch_app.config["DATABASE_URL"]
    with scratch_app.app_context():
        config = alembic_config()
        alembic_command.upgrade(config, "4b2d6e8f1a37")  # the revision before
        engine = create_engine(url)
        try:
            with engine.begin() as connection:
                connection.execute(
                    text(
                        "INSERT INTO teams (name, country, created_at) VALUES"
                        " ('IPS Odense', 'DK', CURRENT_TIMESTAMP),"
                        " ('IPS Botkyrka', 'SE', CURRENT_TIMESTAMP)"
                    )
                )
            alembic_command.upgrade(config, "head")
            with engine.connect() as connection:
                rows = connection.execute(
                    text(
                        "SELECT t.country, q.key FROM benefit_questions q"
                        " JOIN teams t ON t.id = q.team_id ORDER BY t.id, q.position"
                    )
                ).all()
        finally:
            engine.dispose()
    for country in ("DK", "SE"):
        keys = [key for row_country, key in rows if row_country == country]
        assert keys == list(STARTING_QUESTIONS[country]), country
