"""Sign-in, sign-out, invitations, password reset and the user's own settings."""
