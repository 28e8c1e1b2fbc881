"""Running an installation: the `flask` commands, backup and restore, gunicorn's settings."""
