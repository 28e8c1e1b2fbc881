"""The specialist's caseload overview and the team lead's hand-over of a client."""
