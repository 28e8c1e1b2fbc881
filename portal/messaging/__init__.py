"""Secure messages between a client and their specialist, with a reply promise."""
