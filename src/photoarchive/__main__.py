"""Entry point for ``python -m photoarchive``."""

import sys

from photoarchive.cli import main

sys.exit(main())
