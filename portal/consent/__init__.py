"""What the client lets the specialist do and tell, per employer: given, withdrawn, recorded."""
