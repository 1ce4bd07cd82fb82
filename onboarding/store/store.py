"""The `Store`: the portfolio's reads (here) and writes (`writes`), each one transaction.

The portfolio views read derived columns, never the sealed answers; a registration's
answers are opened only when it is read whole (`get`).
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Hashable, Iterable, Mapping
from datetime import date
from functools import partial
from typing import Any

from forms.issues import Issue
from forms.ledger import AccountKeys, Ledger
from forms.registry import START
from forms.requirements import said_again
from onboarding.locations import default_store_url, store_url
from onboarding.store import queries
from onboarding.store.audit import CLI, Entry, Trail, entries
from onboarding.store.crypto import MasterKey
from onboarding.store.keysource import KeySource
from onboarding.store.link_writes import LinkWrites
from onboarding.store.migrations import open_database, prepare
from onboarding.store.queries import Due, Extent, PortfolioRow
from onboarding.store.record import Record
from onboarding.store.sealing import open_title
from onboarding.store.writes import Added
from onboarding.wizard import Wizard

__all__ = ["Added", "Store", "open_store"]

CHECK_CACHE = 64  # distinct sets of keys a wizard's checker remembers


class Store(LinkWrites):
    """Open with `open_store`. Methods are transactions; records are plain copies."""

    def list(self) -> builtins.list[Record]:
        """Every registration in full (small portfolios and tests; views use `rows`)."""
        with self.db.read() as conn:
            return [self._opened(conn, record) for record in queries.records(conn)]

    def rows(self, on: date, search: str | None = None, *, offset: int = 0,
             limit: int | None = None, order: str = "id") -> builtins.list[PortfolioRow]:
        """The portfolio as the views list it, filtered and sorted in SQL, a page at a time."""
        with self.db.read() as conn:
            return self._titled(queries.portfolio_rows(conn, on, search, offset=offset,
                                                       limit=limit, order=order))

    def _titled(self, rows: builtins.list[PortfolioRow]) -> builtins.list[PortfolioRow]:
        """Next deadlines whose titles name a person, opened (the only sealed column read)."""
        for row in rows:
            if row.next is not None:
                row.next.title = said_again(row.next.kind, open_title(row.next.title,
                                                                      self.cipher))
                row.next.rule = said_again(row.next.kind, row.next.rule, rule=True)
        return rows

    def count(self, on: date, search: str | None = None) -> int:
        with self.db.read() as conn:
            return queries.count(conn, on, search)

    def extent(self, on: date, search: str | None = None) -> Extent:
        with self.db.read() as conn:
            return queries.extent(conn, on, search)

    def position(self, on: date, search: str | None, reg_id: int, order: str = "id"
                 ) -> int | None:
        with self.db.read() as conn:
            return queries.position(conn, on, search, reg_id, order)

    def page(self, on: date, search: str | None, *, offset: int, limit: int,
             order: str = "id") -> tuple[builtins.list[PortfolioRow], int]:
        """A page of a (filtered, sorted) view with the view's size, in one pass."""
        with self.db.read() as conn:
            rows, size = queries.page(conn, on, search, offset=offset, limit=limit,
                                      order=order)
        return self._titled(rows), size

    def due(self, on: date, within: int | None = None) -> builtins.list[Due]:
        with self.db.read() as conn:
            found = queries.due_list(conn, on, within)
        for due in found:
            due.title = said_again(due.kind, open_title(due.title, self.cipher))
            due.rule = said_again(due.kind, due.rule, rule=True)
        return found

    def history(self, reg_id: int | None = None) -> builtins.list[Entry]:
        """The audit trail, oldest first: one registration's (removed ones too), or all."""
        with self.db.read() as conn:
            found = entries(conn, reg_id)
            if reg_id is not None and not found:
                queries.record(conn, reg_id)  # NotFound when there is no such registration
        return found

    # -- cross-account limits ---------------------------------------------------------

    def checker(self, exclude: int | Callable[[], int | None] | None = None
                ) -> Callable[[str, Mapping[str, Any]], builtins.list[Issue]]:
        """The wizard's cross-account check, against the portfolio as it is now.

        `exclude` is the registration being edited (or a function giving it: a new one
        gets its ID at the first save). Each distinct set of keys costs one indexed read,
        remembered while the wizard is open; the save re-checks under the write lock, so a
        registration added meanwhile elsewhere is still caught.
        """
        seen: dict[tuple[AccountKeys, int | None], Ledger] = {}

        def check(step: str, answers: Mapping[str, Any]) -> builtins.list[Issue]:
            keys = self.keys.of(answers)
            exclude_id = exclude() if callable(exclude) else exclude
            if (keys, exclude_id) not in seen:
                if len(seen) >= CHECK_CACHE:
                    seen.clear()
                with self.db.read() as conn:
                    seen[keys, exclude_id] = self.keys.ledger(conn, keys, exclude_id)
            return seen[keys, exclude_id].issues(keys, self._describe)

        return check

    def _describe(self, holders: Iterable[Hashable]) -> Mapping[Hashable, str]:
        with self.db.read() as conn:
            return self.keys.describe(conn, holders)

    def checked(self, record: Record) -> Wizard:
        """A stored registration as the wizard holds it, checked against the portfolio: its
        warnings (`Wizard.warnings`) tell the other accounts' limits, as in the wizard. The
        one way every face gets a stored registration's checklist; the portfolio is read
        now, so a StoreError comes from here, not while the checklist is made."""
        checks = self.checker(record.id)
        wizard = record.wizard(checks)
        checks(START, wizard.registration_answers())
        return wizard

    def cross_account_issues(self, answers: Mapping[str, Any], exclude_id: int | None = None
                             ) -> builtins.list[Issue]:
        """What these answers break across the portfolio (drafts count: they are clients)."""
        keys = self.keys.of(answers)
        with self.db.read() as conn:
            return self.keys.ledger(conn, keys, exclude_id).issues(
                keys, partial(self.keys.describe, conn))


def open_store(url: str | None = None, *, timeout: float = 30.0, key: MasterKey | None = None,
               via: str = CLI) -> Store:
    """The store at `url`, $ONBOARDING_DB, or the default SQLite file, ready to use.

    Its key comes from `key`, else ONBOARDING_KEY, the key_file setting or the default key
    file (`keysource`); `via` is the face that writes (said in the audit trail).
    """
    url = store_url(url)
    source = KeySource(key)
    trail = Trail(via)
    db, created = open_database(url, timeout, make_folder=url == default_store_url(),
                                new_key=source.for_new_store)
    try:
        opened = prepare(db, source, trail, may_create=created or db.dialect != "sqlite"
                         or ":memory:" in url or url.rstrip("/") == "sqlite:")
        return Store(db, opened, source, trail)
    except BaseException:
        db.close()
        raise
