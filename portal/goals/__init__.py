"""Job and education goals, written by the client, commented on by the specialist."""
