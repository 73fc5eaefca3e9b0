"""What an uploaded file may hold: the limits every upload is read against.

A hostile or careless file (a zip bomb, a sheet of a million styled empty
cells, a cell of a gigabyte, a CSV with a million columns) is refused at the
first limit it crosses, while it is being read, so that refusing it costs
bounded time and memory. The limits are sized for the largest real uploads
with room to spare: a country's wide file is 3,400 rows of 15 columns, and
`./dashboard bench ingest` imports a long file of 100,000 rows.

Reading counts what it did in `ReadStats` (rows read, cells read, bytes
inflated), so tests assert the limits without timing anything.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from metrics.i18n import Said, both
from metrics.settings import MAX_UPLOAD_BYTES

MAX_FILE_BYTES = MAX_UPLOAD_BYTES  # the page's upload cap, applied to the command line too
MAX_ROWS = 150_000  # rows read from a sheet or CSV, empty ones included
MAX_COLUMNS = 1_000  # cells in one row, up to its last filled cell
MAX_CELLS = 1_000_000  # cells read from one workbook, empty styled ones included (150,000 rows × 6 columns fit)
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_ERRORS = 1_000  # problems listed for one file; the rest are counted
HEADER_SEARCH_ROWS = 30  # the header must be within the first rows (title rows above it)

MAX_ZIP_ENTRIES = 1_000  # parts in one workbook (Excel writes about ten)
MAX_PART_BYTES = 128 * 2**20  # one XML part, inflated
MAX_SHARED_STRINGS_BYTES = 32 * 2**20  # the shared-strings part, inflated: it is held in memory
MAX_SMALL_PART_BYTES = 8 * 2**20  # the workbook, relationship and styles parts: kilobytes in real files
MAX_SHARED_STRINGS = 1_000_000  # entries in the shared-strings table
MAX_INFLATED_BYTES = 256 * 2**20  # all parts read from one workbook, inflated
MAX_COMPRESSION_RATIO = 100  # inflated / compressed, for parts above RATIO_FROM_BYTES
RATIO_FROM_BYTES = 2**20  # smaller parts may compress as well as they like
MAX_XML_TOKEN_BYTES = 2**20  # one tag or run of text; expat's time grows with its square

# Any count, numerator or denominator. Counts are stored as exact integers (BIGINT); the bound
# keeps them, and every sum of them over the units and quarters of a store, exact in the tools
# that read numbers as doubles (polars' percentages, charts, Excel's 15 digits).
MAX_COUNT = 1_000_000_000
IMPLAUSIBLE_FACTOR = 100  # a value this many times the unit's largest so far is questioned


@dataclass
class ReadStats:
    """What reading one file did, whatever its outcome; `limit` names the limit that stopped it."""

    bytes_inflated: int = 0
    rows_read: int = 0
    cells_read: int = 0
    limit: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "bytes_inflated": self.bytes_inflated,
            "rows_read": self.rows_read,
            "cells_read": self.cells_read,
            "limit": self.limit,
        }


READ_CHUNK = 2**20  # bytes read at a time past MAX_FILE_BYTES, only to hash and count them


@dataclass(frozen=True)
class Received:
    """What the upload log keeps of a file: its bytes up to MAX_FILE_BYTES (the whole of any file
    the app reads), and always the size and SHA-256 of all of it, so that a larger refused file is
    kept in bounded memory and can still be matched with the sender's copy."""

    kept: bytes
    size: int
    sha256: str

    @classmethod
    def of(cls, data: bytes) -> Received:
        """A file held whole in memory (the page's uploads)."""
        return cls(data[:MAX_FILE_BYTES], len(data), hashlib.sha256(data).hexdigest())

    @property
    def cut(self) -> bool:
        return len(self.kept) < self.size


def receive(path: Path) -> tuple[bytes, Received]:
    """A file to import, read in bounded memory: the bytes to check (at most MAX_FILE_BYTES + 1, so
    that a larger file is refused by its size unread) and what the log keeps of it. Past the cap
    the rest is read READ_CHUNK at a time, only to hash and count it. OSError goes up."""
    with path.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
        digest, size = hashlib.sha256(data), len(data)
        if size > MAX_FILE_BYTES:
            while chunk := handle.read(READ_CHUNK):
                digest.update(chunk)
                size += len(chunk)
    return data, Received(data[:MAX_FILE_BYTES], size, digest.hexdigest())


class ReadError(Said, ValueError):
    """The file cannot be read as a table; the message (Vietnamese) says what to do.

    `english` is the same sentence for an interface shown in English; messages
    written in `metrics.i18n` (made with `of`) have one.
    """

    def __init__(self, message: str, english: str | None = None) -> None:
        super().__init__(message)
        self.english = english

    @classmethod
    def of(cls, key: str, **values: object) -> ReadError:
        """The reader message `key` of `metrics.i18n`, in both languages; whole numbers formatted for each."""
        return cls(*both(key, **values))


class LimitExceeded(ReadError):
    """Reading stopped at a limit; `limit` is the constant's name."""

    def __init__(self, limit: str, message: str, english: str | None = None) -> None:
        super().__init__(message, english)
        self.limit = limit

    @classmethod
    def at(cls, limit: str, key: str, **values: object) -> LimitExceeded:
        """The refusal at `limit`, worded by the reader message `key` of `metrics.i18n`."""
        return cls(limit, *both(key, **values))


def number(value: int) -> str:
    """6824 -> '6.824', for limits quoted in messages."""
    return f"{value:,}".replace(",", ".")


def megabytes(size: int) -> str:
    return number(round(size / 2**20)) + " MB"
