"""The demo installation `make run` starts with: teams, people and a few weeks of their work."""
