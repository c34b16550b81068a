"""The one error type the library raises for problems a user can act on."""


class LibraryError(Exception):
    """A library or export problem, with a message that names the path or id involved."""
