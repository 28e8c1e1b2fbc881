"""Jobs and education starts recorded for a client, and the client's "I'm struggling" signal."""
