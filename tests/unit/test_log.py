"""Logging: JSON lines off a terminal, console lines on one, and never a local variable."""

from __future__ import annotations

import io
import json
import logging

import pytest
import structlog

from cpc_prosecution.log import configure_logging, json_line_writer, wants_json


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("log_format", "stream", "expected"),
    [
        ("auto", io.StringIO(), True),
        ("auto", _Terminal(), False),
        ("json", _Terminal(), True),
        ("console", io.StringIO(), False),
    ],
)
def test_json_unless_a_person_is_watching(log_format: str, stream: io.StringIO, expected: bool) -> None:
    """`auto` picks JSON for pipes and files, console output for a terminal; explicit formats win."""
    assert expected == wants_json(log_format, stream)


def _json_lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_structlog_and_stdlib_lines_are_both_json(capsys: pytest.CaptureFixture[str]) -> None:
    """Our events and third-party (stdlib) records come out as one JSON object per line."""
    configure_logging("info", "json")
    structlog.get_logger("t").info("case_opened", case_id="c-1")
    logging.getLogger("uvicorn.error").info("Started server process [%d]", 42)
    lines = _json_lines(capsys.readouterr().err)
    assert {"event": "case_opened", "case_id": "c-1", "level": "info"}.items() <= lines[0].items()
    assert lines[1]["event"] == "Started server process [42]"
    assert "timestamp" in lines[1]


def test_bound_context_reaches_every_line(capsys: pytest.CaptureFixture[str]) -> None:
    """A value bound in the context (the request id) is on each line logged while it is bound."""
    configure_logging("info", "json")
    with structlog.contextvars.bound_contextvars(request_id="r-123"):
        structlog.get_logger("t").info("one")
        logging.getLogger("cpc.stdlib").warning("two")
    structlog.get_logger("t").info("three")
    lines = _json_lines(capsys.readouterr().err)
    assert [line.get("request_id") for line in lines] == ["r-123", "r-123", None]


def test_tracebacks_carry_no_local_variables(capsys: pytest.CaptureFixture[str]) -> None:
    """A local variable may hold request data, so exception frames are logged without locals."""
    configure_logging("info", "json")
    docket = "NPS-XV-07-INV-24A-00123"
    try:
        raise ValueError("boom")
    except ValueError:
        structlog.get_logger("t").exception("failed")
    err = capsys.readouterr().err
    assert docket not in err
    frames = _json_lines(err)[0]["exception"][0]["frames"]  # type: ignore[index]
    assert all("locals" not in frame or frame["locals"] is None for frame in frames)


def test_levels_below_the_threshold_are_dropped(capsys: pytest.CaptureFixture[str]) -> None:
    """`warning` hides info lines from us and from libraries."""
    configure_logging("warning", "json")
    structlog.get_logger("t").info("hidden")
    logging.getLogger("uvicorn.error").info("hidden too")
    structlog.get_logger("t").warning("shown")
    assert [line["event"] for line in _json_lines(capsys.readouterr().err)] == ["shown"]


def test_console_format_is_plain_text(capsys: pytest.CaptureFixture[str]) -> None:
    """At a terminal the lines are readable key=value text, not JSON."""
    configure_logging("info", "console")
    structlog.get_logger("t").info("case_opened", stage="detection")
    err = capsys.readouterr().err
    assert "case_opened" in err
    assert "stage=detection" in err
    assert not err.lstrip().startswith("{")


def test_the_hot_path_writer_renders_the_line_structlog_renders(capsys: pytest.CaptureFixture[str]) -> None:
    """`json_line_writer` gives the structlog chain's line (same keys, values and order; bound context
    included), only with its own timestamp."""
    configure_logging("info", "json")
    fields = {"method": "POST", "route": "/v1/cases/{case_id}/events", "status": 201, "duration_ms": 1.5}
    write = json_line_writer("cpc_api.access")
    assert write is not None
    with structlog.contextvars.bound_contextvars(request_id="r-9"):
        structlog.get_logger("cpc_api.access").info("request", **fields)
        write("request", fields)
    chain, fast = _json_lines(capsys.readouterr().err)
    assert list(chain) == list(fast)
    assert {k: v for k, v in chain.items() if k != "timestamp"} == {k: v for k, v in fast.items() if k != "timestamp"}
    assert str(fast["timestamp"]).endswith("Z")


@pytest.mark.parametrize(("level", "log_format"), [("warning", "json"), ("info", "console")])
def test_the_hot_path_writer_steps_aside_when_its_line_would_not_be_json_at_info(level: str, log_format: str) -> None:
    """Below the threshold, or with console output, there is no writer: callers log through structlog."""
    configure_logging(level, log_format)
    assert json_line_writer("cpc_api.access") is None
