"""Stored submissions and what leaves the app with them: CSV, FHIR and PDF exports, notices, backups."""
