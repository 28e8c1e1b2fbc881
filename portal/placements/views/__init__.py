"""The placements' pages: one module and blueprint per part."""
