"""The career profile: history, strengths, preferences and supports, in the client's words."""
