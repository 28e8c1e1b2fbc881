"""The pages every visitor shares: role home pages, language choice, accessibility, health."""
