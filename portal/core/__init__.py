"""The shared ground every feature stands on: identity (users, roles, teams), the database
session, authorisation, audit, translations, forms, templates, errors, security, the e-mail
outbox and the request log. Nothing here imports a feature (tests/test_layout.py): features
register what the layout needs from them (menu entries, history labels)."""
