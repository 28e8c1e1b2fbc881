"""What placements do: one module per part, each a set of verb-noun functions."""
