"""`python -m storyapp.cli`: the command line only (`python -m storyapp` also opens the window)."""

import sys

from . import main

sys.exit(main())
