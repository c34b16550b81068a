"""A library under a home folder with spaces and letters beyond ASCII, and a story whose title holds
every character Windows forbids in a file name, exported to each format under its default name."""

from pathlib import Path

import pytest

from storyapp.library import Library
from storyapp.library.export import ALL, export_files
from storyapp.system import paths
from storyapp.system.names import file_name

from .helpers import full_version, make_png

TITLE = 'Zoë <and> the "Whale": a/b\\c|d?e*f.'
FORBIDDEN = set('<>:"/\\|?*')


@pytest.fixture
def home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    home = tmp_path / "Users" / "Zoë Ñúñez Жук" / "storyapp data"
    monkeypatch.setenv(paths.HOME_ENV, str(home))
    return home


@pytest.mark.parametrize("fmt", ALL, ids=lambda f: f.name)
def test_export_under_a_non_ascii_home_with_a_forbidden_title(home: Path, fmt) -> None:
    with Library.open() as lib:
        assert lib.root == home / "library"
        story = lib.new_story(TITLE)
        version_id = lib.add_version(story.id, full_version(), make_png())
        name = file_name(TITLE, fmt.suffix)
        assert not FORBIDDEN & set(name) and name.endswith(fmt.suffix)
        (home / "exports").mkdir()
        written = export_files(lib, version_id, fmt.name, home / "exports" / name)
    assert written[0] == home / "exports" / name and written[0].stat().st_size > 0
    assert all(p.is_file() or p.is_dir() for p in written)


@pytest.mark.parametrize(
    ("title", "name"),
    [
        (TITLE, "Zoë-and-the-Whale-abcdef.pdf"),
        ("  trailing dots and spaces. . ", "trailing-dots-and-spaces.pdf"),
        ("NUL", "NUL_.pdf"),
        ("com1", "com1_.pdf"),
        ('<>:"/\\|?*', "story.pdf"),
        ("tab\there\x07bell", "tab-herebell.pdf"),
    ],
)
def test_default_names_are_valid_windows_names(title: str, name: str) -> None:
    assert file_name(title, ".pdf") == name


def test_a_long_title_is_cut_to_leave_room_for_the_folder() -> None:
    assert len(file_name("word " * 100, ".epub")) <= 60 + len(".epub")


def test_data_and_cache_are_the_users_own_folders(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.HOME_ENV, raising=False)
    monkeypatch.delenv(paths.CACHE_ENV, raising=False)
    asked = []

    def per_user(kind: str):
        def folder(appname: str, *args, **kw) -> str:
            asked.append((kind, appname, args, kw))
            return f"C:\\Users\\Zoë\\AppData\\Local\\{appname}\\{appname}\\{kind}"

        return folder

    monkeypatch.setattr(paths.platformdirs, "user_data_dir", per_user("data"))
    monkeypatch.setattr(paths.platformdirs, "user_cache_dir", per_user("Cache"))
    assert str(paths.app_home()).endswith("data") and str(paths.cache_dir("models")).endswith(
        "models"
    )
    assert [(kind, app) for kind, app, *_ in asked] == [("data", "storyapp"), ("Cache", "storyapp")]
