"""The catalogue: everything known about the photos, stored with SQLAlchemy; never the photos."""
