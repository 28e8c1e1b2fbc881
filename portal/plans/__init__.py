"""The IPS plan: steps, proposals, accommodations, obstacles and benefits questions."""
