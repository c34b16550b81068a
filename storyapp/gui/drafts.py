"""Edits the user made to a version's premise, image prompt or story and has not run or saved
yet, kept per version so that viewing another version never throws them away."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True, frozen=True)
class Draft:
    premise: str | None = None  # None: as saved
    prompt: str | None = None
    story: str | None = None

    def empty(self) -> bool:
        return self.premise is None and self.prompt is None and self.story is None


class Drafts:
    def __init__(self) -> None:
        self._by_version: dict[int, Draft] = {}

    def keep(self, version_id: int, draft: Draft) -> None:
        """Remember `draft` for the version, or forget the version's draft when it is empty."""
        if draft.empty():
            self._by_version.pop(version_id, None)
        else:
            self._by_version[version_id] = draft

    def get(self, version_id: int) -> Draft | None:
        return self._by_version.get(version_id)

    def drop(self, version_id: int) -> None:
        self._by_version.pop(version_id, None)

    def ids(self) -> set[int]:
        return set(self._by_version)

    def __len__(self) -> int:
        return len(self._by_version)
