import sys

from ipcorpus.cli import main

sys.exit(main())
