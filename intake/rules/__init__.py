"""Clinical rules as plain Python, no Flask: red-flag triage, article matching, the summary and pain trend."""
