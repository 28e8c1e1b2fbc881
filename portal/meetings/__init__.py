"""Meetings between a client and their specialist, with the "what we agreed" summary."""
