"""The one base class of every error the library raises for its user; the CLI turns any of them into one
line and an exit code.

>>> issubclass(KgError, Exception)
True
"""


class KgError(Exception):
    """An error meant for the user, with a one-line message."""
