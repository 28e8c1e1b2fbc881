"""The team's IPS outcome and fidelity report, on a page and as a pseudonymised CSV file."""
