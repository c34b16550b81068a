"""The frozen app's entry point: `storyapp` (console) and `storyapp-gui` run the same main."""

import sys

from storyapp.cli import main

if __name__ == "__main__":
    sys.exit(main())
