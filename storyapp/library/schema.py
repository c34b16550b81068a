"""The SQL of each schema version. Each entry upgrades the database from the version before it."""

DB_NAME = "library.sqlite3"
IMAGES_DIR = "images"
TRASH_DIR = "trash"  # pictures no version refers to: moved here, never deleted unasked
APPLICATION_ID = 0x53545259  # "STRY": marks a SQLite file as a storyapp library

V1 = (
    """CREATE TABLE stories (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        title TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE versions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        parent_version_id INTEGER REFERENCES versions(id) ON DELETE SET NULL,
        kind TEXT NOT NULL CHECK (kind IN ('full', 'story', 'image', 'premise')),
        idea TEXT NOT NULL DEFAULT '',
        premise TEXT NOT NULL DEFAULT '',
        story_text TEXT NOT NULL DEFAULT '',
        image_prompt TEXT NOT NULL DEFAULT '',
        negative_prompt TEXT NOT NULL DEFAULT '',
        image_path TEXT,
        settings TEXT NOT NULL DEFAULT '{}',
        model TEXT NOT NULL DEFAULT '',
        adapters TEXT NOT NULL DEFAULT '{}',
        backend TEXT NOT NULL DEFAULT '',
        timings TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX versions_by_story ON versions (story_id, id)",
)

# v2: the trash. Deleting marks a row; only emptying the trash removes rows and images.
V2 = (
    "ALTER TABLE stories ADD COLUMN deleted_at TEXT",
    "ALTER TABLE versions ADD COLUMN deleted_at TEXT",
    "CREATE INDEX stories_in_trash ON stories (deleted_at) WHERE deleted_at IS NOT NULL",
    "CREATE INDEX versions_in_trash ON versions (deleted_at) WHERE deleted_at IS NOT NULL",
)

MIGRATIONS: tuple[tuple[str, ...], ...] = (V1, V2)
CURRENT_VERSION = len(MIGRATIONS)
