"""The importer: turns photo folders into catalogue rows, never touching the originals."""
