"""The client's own data: who has looked at it, a full export, and erasure or restriction."""
