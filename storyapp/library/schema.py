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

_V2_VERSION_COLUMNS = (
    "id, story_id, parent_version_id, kind, idea, premise, story_text, image_prompt, "
    "negative_prompt, image_path, settings, model, adapters, backend, timings, created_at, "
    "deleted_at"
)

# v3: picture books. A version may have pages, each with its own picture and the candidates
# painted for it; the cast sheet and style line are the version's. SQLite cannot change a CHECK,
# so the versions table is rebuilt with the new kinds ('book': a book made whole; 'page': a book
# with pages changed) and copied over with its ids; migrate() turns foreign keys off for this,
# so dropping the old table neither cascades nor unlinks any parent.
V3 = (
    """CREATE TABLE versions_v3 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        parent_version_id INTEGER REFERENCES versions(id) ON DELETE SET NULL,
        kind TEXT NOT NULL
            CHECK (kind IN ('full', 'story', 'image', 'premise', 'book', 'page')),
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
        created_at TEXT NOT NULL,
        deleted_at TEXT,
        cast_sheet TEXT NOT NULL DEFAULT '[]',
        style TEXT NOT NULL DEFAULT ''
    )""",
    f"INSERT INTO versions_v3 ({_V2_VERSION_COLUMNS}) SELECT {_V2_VERSION_COLUMNS} FROM versions",
    "DROP TABLE versions",
    "ALTER TABLE versions_v3 RENAME TO versions",
    "CREATE INDEX versions_by_story ON versions (story_id, id)",
    "CREATE INDEX versions_in_trash ON versions (deleted_at) WHERE deleted_at IS NOT NULL",
    """CREATE TABLE pages (
        version_id INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
        position INTEGER NOT NULL CHECK (position >= 0),
        text TEXT NOT NULL DEFAULT '',
        image_prompt TEXT NOT NULL DEFAULT '',
        seed INTEGER,
        image_path TEXT,
        stale INTEGER NOT NULL DEFAULT 0 CHECK (stale IN (0, 1)),
        PRIMARY KEY (version_id, position)
    )""",
    """CREATE TABLE page_candidates (
        version_id INTEGER NOT NULL,
        position INTEGER NOT NULL,
        rank INTEGER NOT NULL CHECK (rank >= 0),
        image_path TEXT NOT NULL,
        PRIMARY KEY (version_id, position, rank),
        FOREIGN KEY (version_id, position) REFERENCES pages (version_id, position)
            ON DELETE CASCADE
    )""",
    "CREATE INDEX pages_by_picture ON pages (image_path) WHERE image_path IS NOT NULL",
    "CREATE INDEX page_candidates_by_picture ON page_candidates (image_path)",
    # Every picture any version refers to, live or in the trash: the one place the orphan sweep,
    # check, repair and emptying the trash ask, so none of them can forget a kind of picture.
    """CREATE VIEW picture_refs (version_id, image_path) AS
        SELECT id, image_path FROM versions WHERE image_path IS NOT NULL
        UNION ALL SELECT version_id, image_path FROM pages WHERE image_path IS NOT NULL
        UNION ALL SELECT version_id, image_path FROM page_candidates""",
)

MIGRATIONS: tuple[tuple[str, ...], ...] = (V1, V2, V3)
CURRENT_VERSION = len(MIGRATIONS)
