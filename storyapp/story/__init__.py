"""The story pipeline: prompts, stages, events, settings and run records. Qt-free; knows the
text backends and the illustrator, not the library (the caller saves)."""

from .book import (
    MAX_PAGES,
    MIN_PAGES,
    MORE_PICTURES,
    Book,
    CastMember,
    Page,
    choose_picture,
    delete_page,
    edit_cast,
    edit_page,
    split_page,
)
from .book_files import book_record, files_for_book, publish_book
from .book_pipeline import BookPipeline
from .errors import BookCancelled, StoryCancelled, StoryError
from .events import (
    STAGES,
    Cancelled,
    Event,
    Failed,
    ImageStep,
    Notice,
    OnEvent,
    PageStarted,
    Preview,
    StageDone,
    StageStarted,
    Token,
    VersionSaved,
)
from .image_options import check_image_options
from .output_dir import FILES, OutputError, check_out_dir, publish
from .pipeline import StoryPipeline, check_idea
from .result import RowStats, StageStats, StoryResult
from .run_record import files_for, run_record, write_record, write_run_files
from .settings import ImageSettings, Settings, TextSettings
from .setup import NO_IMAGE_MODEL, backend_choice, open_illustrator, open_text_backend

__all__ = [
    "FILES",
    "MAX_PAGES",
    "MIN_PAGES",
    "MORE_PICTURES",
    "Book",
    "BookPipeline",
    "CastMember",
    "Page",
    "PageStarted",
    "book_record",
    "choose_picture",
    "delete_page",
    "edit_cast",
    "edit_page",
    "files_for_book",
    "publish_book",
    "split_page",
    "NO_IMAGE_MODEL",
    "STAGES",
    "Cancelled",
    "Event",
    "Failed",
    "ImageSettings",
    "ImageStep",
    "Notice",
    "OnEvent",
    "OutputError",
    "Preview",
    "RowStats",
    "Settings",
    "StageDone",
    "StageStarted",
    "StageStats",
    "BookCancelled",
    "StoryCancelled",
    "StoryError",
    "StoryPipeline",
    "StoryResult",
    "TextSettings",
    "Token",
    "VersionSaved",
    "check_idea",
    "check_image_options",
    "check_out_dir",
    "files_for",
    "open_illustrator",
    "backend_choice",
    "open_text_backend",
    "publish",
    "run_record",
    "write_record",
    "write_run_files",
]
