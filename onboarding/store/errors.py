"""What can go wrong with the store, as the store's own errors.

No exit codes here: the command line maps these to its exit codes (`onboarding.cli`), the
TUI shows them. Every message is one line, ready for a person.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from forms.issues import Issue


class StoreError(Exception):
    """The store cannot be used: corrupt, locked, newer, unreachable."""


class DamagedStore(StoreError):
    """The store (or one registration in it) is not what this release wrote; left untouched."""


class NotFound(StoreError):
    """No registration with that ID: a problem with the request, not with the store."""


class Refused(StoreError):
    """The store is fine but the request breaks a rule (mark a draft registered...)."""


class InvalidRegistration(Refused):
    """The answers break the forms' rules or a limit that spans the portfolio."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        super().__init__("; ".join(str(i) for i in issues))


class KeyProblem(StoreError):
    """The store's key is missing, not this store's, or its file is unusable."""
