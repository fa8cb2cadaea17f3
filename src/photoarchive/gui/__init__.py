"""The desktop window (PySide6 only): views and workers over the query layer."""

# Once PySide6 is loaded it reads the source of every module imported after it (looking for
# ``from __feature__`` lines), which adds a sixth of a second to each launch for SQLAlchemy
# and the catalogue alone. They hold no Qt, so the window's package loads them first.
import photoarchive.catalogue.credits
import photoarchive.catalogue.database
import photoarchive.catalogue.facets
import photoarchive.catalogue.galleries
import photoarchive.catalogue.import_log
import photoarchive.catalogue.places
import photoarchive.catalogue.query
import photoarchive.catalogue.records
import photoarchive.catalogue.removal
import photoarchive.catalogue.roots
import photoarchive.catalogue.selection
import photoarchive.catalogue.tagging
import photoarchive.export.options
import photoarchive.export.safety  # noqa: F401
