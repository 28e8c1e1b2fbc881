"""The employer organisations a team works with, and their contact persons."""
