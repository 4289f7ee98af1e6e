"""The clinic's education articles: reading, checking and translating them, and the `content` commands."""
