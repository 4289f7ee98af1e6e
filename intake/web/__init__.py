"""The web: the blueprints by audience (patient, learn, staff) and what only pages need."""
