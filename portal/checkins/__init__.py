"""Follow-along check-ins: scheduled from a job's start, answered by the employer from a link."""
