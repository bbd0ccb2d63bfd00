"""Docket numbers, kept only as keyed hashes.

Offices know a case by its NPS docket number, courts by the criminal case number. Those numbers
identify a real proceeding, so the database holds only HMAC-SHA256(secret, scope, number): a client
holding a number can find its case, while a copy of the database alone reveals none — docket numbers
are short and guessable, so an unkeyed hash would be reversed by enumeration. The secret lives outside
the database (settings), for the same reason.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from enum import StrEnum
from typing import Final

__all__ = ("DocketKind", "InvalidDocketNumber", "docket_hash", "normalise_docket")

MAX_DOCKET_LENGTH: Final = 64
_ALLOWED: Final = re.compile(r"^[A-Z0-9][A-Z0-9 ./_()#:-]*$")
_SPACES: Final = re.compile(r"\s+")
#: Separates the hash's inputs so that ("A", "BC") and ("AB", "C") never collide.
_SEP: Final = b"\x1f"


class DocketKind(StrEnum):
    """Which numbering system a docket number belongs to, and so what scopes it."""

    NPS = "nps"
    """NPS / I.S. docket of a prosecution office (scoped by office)."""
    CRIMINAL_CASE = "criminal_case"
    """Criminal Case number of a court (scoped by court)."""


class InvalidDocketNumber(ValueError):
    """The text cannot be a docket number (empty, too long, or with characters no docket uses)."""


def normalise_docket(number: str) -> str:
    """Upper-case, NFKC, single spaces, trimmed: "nps xv-07  inv" and "NPS XV-07 INV" are one docket."""
    text = _SPACES.sub(" ", unicodedata.normalize("NFKC", number)).strip().upper()
    if not text:
        raise InvalidDocketNumber("empty docket number")
    if len(text) > MAX_DOCKET_LENGTH:
        raise InvalidDocketNumber(f"longer than {MAX_DOCKET_LENGTH} characters")
    if not _ALLOWED.match(text):
        raise InvalidDocketNumber("only letters, digits, spaces and . / _ ( ) # : - may appear")
    return text


def docket_hash(secret: bytes, kind: DocketKind, scope_id: str, number: str) -> bytes:
    """The keyed hash stored in place of `number`, scoped to one office (NPS) or court (criminal case)."""
    if len(secret) < 32:
        raise ValueError("the docket secret must be at least 32 bytes")
    message = _SEP.join((kind.value.encode(), scope_id.encode(), normalise_docket(number).encode()))
    return hmac.new(secret, message, hashlib.sha256).digest()
