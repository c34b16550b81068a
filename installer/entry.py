"""The frozen app's entry point: `storyapp` (console) and `storyapp-gui` run the same main, the
one `python -m storyapp` runs."""

import sys

from storyapp.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
