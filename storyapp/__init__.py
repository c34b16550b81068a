"""storyapp: stories and their illustrations, written locally by one model and its adapters."""

import time

LAUNCHED = time.time()  # the earliest moment this package sees: start-up times count from here
