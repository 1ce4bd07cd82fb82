"""The portfolio: every client registration, finished or not, in one SQL database.

One module per concern: `tables` (schema and its version), `connection` (engines, the
write lock, transactions, one-line errors), `files` (what a store owns on disk, whether
its driver is installed), `migrations` (opening, creating, upgrading, checking the key),
`crypto` (the key and what is derived from it), `keysource` (where the key lives, outside
the database), `sealing` (personal answers sealed field by field), `keys` (people matched
by keyed hashes), `summary` (derived columns kept in step with each write), `queries` (the
portfolio views in SQL), `record` (one registration read back), `audit` (who changed
what), `lifecycle` (what mark and purge do), `rotation` (a new key), and the `Store`:
`access` (opened with its key), `writes`, `store` (reads, `open_store`). Errors are in
`errors`.

Importing this package is cheap (the errors only); the rest loads on first use, so the
command line can catch store errors without importing SQLAlchemy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from onboarding.lazy import lazy_names
from onboarding.store.errors import (
    DamagedStore,
    InvalidRegistration,
    KeyProblem,
    NotFound,
    Refused,
    StoreError,
)

if TYPE_CHECKING:
    from onboarding.store.queries import Due, PortfolioRow
    from onboarding.store.record import Record
    from onboarding.store.store import Added, Store, open_store
    from onboarding.store.summary import jsonable

_LAZY = {
    "Added": "onboarding.store.store",
    "Store": "onboarding.store.store",
    "open_store": "onboarding.store.store",
    "Due": "onboarding.store.queries",
    "PortfolioRow": "onboarding.store.queries",
    "Record": "onboarding.store.record",
    "jsonable": "onboarding.store.summary",
}

__all__ = [
    "Added",
    "DamagedStore",
    "Due",
    "InvalidRegistration",
    "KeyProblem",
    "NotFound",
    "PortfolioRow",
    "Record",
    "Refused",
    "Store",
    "StoreError",
    "jsonable",
    "open_store",
]


__getattr__ = lazy_names(__name__, _LAZY)
