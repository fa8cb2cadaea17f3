"""The frozen program's entry point: the command line, with multiprocessing made to work."""

import multiprocessing
import sys

from photoarchive.cli import main

if __name__ == "__main__":
    # The importer and the export resize images in "forkserver" worker processes: a frozen
    # program must hand those processes to multiprocessing before anything else runs.
    multiprocessing.freeze_support()
    sys.exit(main())
