"""Placements, one feature in four parts: jobs and education starts, the client's consent per
employer, follow-along check-ins with the employer, and employers with the job development log.

The parts share one models.py and forms.py; services/ and views/ hold a module per part, each
view module with its own blueprint (`jobs`, `consent`, `checkins`, `employers`), so endpoint
names and templates/ folders stay as short as the other features'."""
