"""Staff accounts: users and passwords, their sessions, and the audit trail of what they did."""
