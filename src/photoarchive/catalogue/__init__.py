"""The catalogue: everything known about the photos, stored with SQLAlchemy; never the photos."""

# Every table must be on Base.metadata whichever catalogue module a caller imports first.
from photoarchive.catalogue import galleries as galleries
