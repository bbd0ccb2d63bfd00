"""The first-start admin key reaches a person, never the log: a terminal shows it; otherwise a file
only its owner can read holds it and stderr names the file."""

from __future__ import annotations

import datetime as dt
import io
import uuid
from pathlib import Path

import pytest
from tests.support.log_privacy import API_KEY

from cpc_prosecution.cli import serve
from cpc_prosecution.services.access import Role
from cpc_prosecution.services.api_keys import IssuedKey, KeyInfo
from cpc_prosecution.settings import Settings

TOKEN = "cpc_abcdefgh_" + "A" * 43


def _issued() -> IssuedKey:
    now = dt.datetime.now(dt.UTC)
    info = KeyInfo(
        key_id=uuid.uuid4(),
        prefix="abcdefgh",
        role=Role.ADMIN,
        offices=[],
        regions=[],
        created_at=now,
        expires_at=None,
        revoked_at=None,
        active=True,
    )
    return IssuedKey(token=TOKEN, key=info)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_without_a_terminal_the_key_goes_to_a_0600_file_and_only_its_path_is_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """stdout is not a terminal: `first-admin-key` beside the data folder, mode 0600 (even over an older
    file with another mode), holds the key; stdout and stderr hold no key, stderr names the file."""
    settings = Settings(data_dir=tmp_path / "pgdata")
    stale = tmp_path / "first-admin-key"
    stale.write_text("old\n")
    stale.chmod(0o644)
    serve._hand_over_admin_key(settings, _issued())
    out, err = capsys.readouterr()
    assert API_KEY.findall(out + err) == []
    assert f"written to {stale} (mode 0600)" in err
    assert stale.read_text() == TOKEN + "\n"
    assert (stale.stat().st_mode & 0o777) == 0o600


def test_at_a_terminal_the_key_is_shown_on_stdout_and_no_file_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """stdout is a terminal: the key is printed there once; no file; nothing on stderr."""
    terminal, errors = _Terminal(), io.StringIO()
    monkeypatch.setattr("sys.stdout", terminal)
    monkeypatch.setattr("sys.stderr", errors)
    serve._hand_over_admin_key(Settings(data_dir=tmp_path / "pgdata"), _issued())
    assert API_KEY.findall(terminal.getvalue()) == [TOKEN]
    assert errors.getvalue() == ""
    assert not (tmp_path / "first-admin-key").exists()
