"""Child process for test_crash: saves versions with large images until it is killed.

Usage: python crash_writer.py LIBRARY FIRST_INDEX SIZE. Prints "version_id index" after each
save returns, so the parent knows which versions were committed before it killed us."""

import sys
from itertools import count
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import big_image, full_version  # noqa: E402

from storyapp.library import Library  # noqa: E402


def main() -> None:
    root, first, size = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    lib = Library.open(root)
    story = lib.new_story()
    for i in count(first):
        version = full_version(
            story_text=f"Version {i}\n\nText.", settings={"index": i}, created_at=None
        )
        vid = lib.add_version(story.id, version, big_image(i, size))
        print(vid, i, flush=True)


if __name__ == "__main__":
    main()
