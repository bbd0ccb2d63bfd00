"""Docket numbers become keyed, scoped hashes; the number itself is never kept."""

from __future__ import annotations

import pytest

from cpc_prosecution.domain.dockets import DocketKind, InvalidDocketNumber, docket_hash, normalise_docket

SECRET = bytes(range(32))
OTHER_SECRET = bytes(range(1, 33))


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("NPS No. XV-07-INV-24A-00123", "NPS NO. XV-07-INV-24A-00123"),
        ("  nps no.   xv-07-inv-24a-00123 ", "NPS NO. XV-07-INV-24A-00123"),
        ("Crim. Case No. R-LLP-20-01234-CR", "CRIM. CASE NO. R-LLP-20-01234-CR"),
        ("\uff2e\uff30\uff33 12", "NPS 12"),  # full-width letters
    ],
)
def test_spelling_variants_of_one_docket_normalise_alike(raw: str, normal: str) -> None:
    """Case, repeated spaces and full-width characters do not make a different docket."""
    assert normal == normalise_docket(raw)


@pytest.mark.parametrize("raw", ["", "   ", "x" * 65, "NPS <script>", "Juan dela Cruz, 12 Rizal St.;"])
def test_text_that_cannot_be_a_docket_is_refused(raw: str) -> None:
    """Empty, over-long or free-text input (which could carry a name or address) is rejected."""
    with pytest.raises(InvalidDocketNumber):
        normalise_docket(raw)


def test_the_hash_is_stable_and_hides_the_number() -> None:
    """Same secret, scope and docket give the same 32-byte digest, which does not contain the number."""
    a = docket_hash(SECRET, DocketKind.NPS, "OCP-CEBU-CITY", "NPS XV-07-INV-24A-00123")
    b = docket_hash(SECRET, DocketKind.NPS, "OCP-CEBU-CITY", "nps  xv-07-inv-24a-00123")
    assert a == b
    assert len(a) == 32
    assert b"00123" not in a


@pytest.mark.parametrize(
    ("kind", "scope", "secret"),
    [
        (DocketKind.NPS, "OCP-MANILA", SECRET),
        (DocketKind.CRIMINAL_CASE, "OCP-CEBU-CITY", SECRET),
        (DocketKind.NPS, "OCP-CEBU-CITY", OTHER_SECRET),
    ],
)
def test_scope_kind_and_secret_each_change_the_hash(kind: DocketKind, scope: str, secret: bytes) -> None:
    """The same number in another office, another numbering system or under another secret is unrelated."""
    base = docket_hash(SECRET, DocketKind.NPS, "OCP-CEBU-CITY", "XV-07-123")
    assert base != docket_hash(secret, kind, scope, "XV-07-123")


def test_a_short_secret_is_refused() -> None:
    """A keyed hash is only as strong as its key: at least 256 bits."""
    with pytest.raises(ValueError, match="32 bytes"):
        docket_hash(b"short", DocketKind.NPS, "X", "1")
