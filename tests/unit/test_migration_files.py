"""The packaged migration files: named, numbered and checksummed as the runner expects."""

from __future__ import annotations

from cpc_prosecution.store.migrate import Migration, packaged_migrations


def test_migrations_are_numbered_from_one_without_gaps() -> None:
    """Versions run 1, 2, 3, ... so a missing file is noticed."""
    versions = [m.version for m in packaged_migrations()]
    assert versions == list(range(1, len(versions) + 1))


def test_the_checksum_is_the_sha256_of_the_file_text() -> None:
    """Any edit, even whitespace, changes the checksum the ledger compares."""
    a = Migration(1, "x", "CREATE TABLE t (id int);")
    b = Migration(1, "x", "CREATE TABLE t (id int); ")
    assert len(a.checksum) == 64
    assert a.checksum != b.checksum
    assert a.filename == "0001_x.sql"


def test_no_migration_declares_personal_data_columns() -> None:
    """No table may hold a name, birth date, address, phone or narrative (architecture rule)."""
    forbidden = ("name text", "birth", "address", "phone", "narrative", "surname")
    for migration in packaged_migrations():
        lowered = migration.sql.lower()
        assert not [word for word in forbidden if word in lowered], migration.filename
