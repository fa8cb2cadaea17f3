"""The catalogue: everything known about the photos, stored with SQLAlchemy; never the photos.

Importing the package loads nothing else: the importer's readers take its plain values
(``catalogue.values``) without SQLAlchemy, which would add half a second to every worker
process's start.
"""
