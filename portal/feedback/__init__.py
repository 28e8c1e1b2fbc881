"""The client's feedback: named to their specialist, or only counted for the team lead."""
