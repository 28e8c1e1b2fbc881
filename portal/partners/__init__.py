"""Treatment and agency contacts: named people outside the IPS team (a psychiatrist, a GP, a
social psychiatry worker; a jobcenter, a-kasse, Arbetsförmedlingen or Försäkringskassan
caseworker) who see what one participant has chosen to share with them, and nothing else."""
