"""The problem types, each a page the API serves itself: a problem's `type` (`/problems/{slug}`)
resolves on the API's own address, offline, with what the problem means and what to do about it."""

from __future__ import annotations

import html
from typing import Final

import msgspec
from litestar import Controller, MediaType, Response, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

__all__ = ("PROBLEM_TYPES", "ProblemType", "ProblemsController")


class ProblemType(msgspec.Struct, frozen=True, kw_only=True):
    status: int
    title: str
    means: str
    fix: str
    members: tuple[tuple[str, str], ...] = ()
    """Extension members of this problem's body, and what each holds."""


_FIELD_ERRORS = (
    (
        "errors",
        "one entry per mistake: `field` (the JSON path in the body, e.g. `events[5].disposition`, "
        "or `query.stage` for a query parameter) and `reason` (what was wrong and what is allowed)",
    ),
)

#: Every problem type the API answers with, by slug.
PROBLEM_TYPES: Final[dict[str, ProblemType]] = {
    "invalid-request": ProblemType(
        status=400,
        title="Invalid request",
        means="The body or a parameter does not decode: an unknown or missing field, a wrong type, a code "
        "that is not in its vocabulary, a date not written YYYY-MM-DD, a value that breaks its pattern "
        "or range, or an unknown query parameter. Nothing was stored.",
        fix="Correct each field listed in `errors`: its `reason` names the allowed codes (and the closest "
        "one to what was sent), the date form or the pattern in words.",
        members=_FIELD_ERRORS,
    ),
    "bad-request": ProblemType(
        status=400, title="Bad request", means="The request cannot be served as sent.", fix="Read `detail`."
    ),
    "unauthenticated": ProblemType(
        status=401,
        title="API key required",
        means="No API key was sent, or the key is unknown, expired or revoked.",
        fix="Send `Authorization: Bearer <key>` with a valid key; ask an administrator for a new one.",
    ),
    "forbidden": ProblemType(
        status=403,
        title="Not allowed for this key",
        means="The key's role may not do this, or not for this office.",
        fix="Use a key of the right role and office (liaison keys write their own offices' cases).",
    ),
    "not-found": ProblemType(
        status=404,
        title="Not found",
        means="No such record, or none the key may see (a case outside the key's scope reads as absent).",
        fix="Check the id; list what the key can see (e.g. GET /v1/cases).",
    ),
    "already-exists": ProblemType(
        status=409, title="Already exists", means="A record with this id exists.", fix="Use another id."
    ),
    "refused": ProblemType(
        status=409,
        title="Refused",
        means="The request conflicts with what is stored (for example a docket number already recorded).",
        fix="Read `detail`; nothing was changed.",
    ),
    "version-conflict": ProblemType(
        status=409,
        title="Version conflict",
        means="`expected_version` is stale: someone appended to the case since it was read.",
        fix="Read the case again (its events since your version), then append at `current_version`.",
        members=(("current_version", "the version the case is at now"),),
    ),
    "idempotency-key-reused": ProblemType(
        status=422,
        title="Idempotency-Key reused for another request",
        means="The Idempotency-Key was first used with a different request.",
        fix="Use a new key for a new request; repeat a request only with its own key.",
    ),
    "invalid-input": ProblemType(
        status=422,
        title="Invalid input",
        means="The request decodes but cannot be accepted: an id that is not registered, a record that "
        "differs from the registered one, a value outside what the use case allows.",
        fix="Correct `field` as `reason` says (it names the registered values or the allowed ones).",
        members=(("field", "the JSON path of the field"), ("reason", "what is wrong and what is allowed")),
    ),
    "illegal-transition": ProblemType(
        status=422,
        title="Event not allowed in the current stage",
        means="The event does not follow from where the case (or the accused) stands.",
        fix="Record one of `allowed_next` first, or correct the event type.",
        members=(
            ("event_seq", "the position of the refused event in the case"),
            ("current_stage", "the stage the case or accused is at"),
            ("event_type", "the refused event"),
            ("allowed_next", "the event types allowed now"),
            ("accused", "the accused position concerned, if one"),
        ),
    ),
    "date-order": ProblemType(
        status=422,
        title="Event dated before an event it depends on",
        means="The event's date is before the date of an event it depends on.",
        fix="Check the date (YYYY-MM-DD); it may not be earlier than `earliest_allowed`.",
        members=(
            ("event_type", "the refused event"),
            ("occurred_on", "its date"),
            ("depends_on", "the event it depends on"),
            ("earliest_allowed", "the earliest date it may have"),
        ),
    ),
    "invalid-correction": ProblemType(
        status=422,
        title="Correction cannot be applied",
        means="A supersession or retraction names an event it cannot replace.",
        fix="Check `target_seq` and the replacement.",
        members=(("target_seq", "the event the correction names"),),
    ),
    "invalid-event": ProblemType(
        status=422,
        title="Event does not fit the case",
        means="The event names accused, counts or records the case does not have.",
        fix="Read `detail`, which names what does not fit.",
        members=(("event_type", "the refused event"),),
    ),
    "domain-rule": ProblemType(
        status=422,
        title="Event breaks a rule of the case lifecycle",
        means="The event breaks a rule of the lifecycle (docs/domain.md).",
        fix="Read `detail`.",
    ),
    "database-unavailable": ProblemType(
        status=503,
        title="Database unavailable",
        means="The database did not answer within the statement timeout, or cannot be reached (it is down, "
        "restarting or frozen). Nothing was stored by this request.",
        fix="Retry after the `Retry-After` seconds, with the same `Idempotency-Key` for a write: it is then "
        'stored exactly once. Operators: docs/operations.md, "Faults".',
    ),
    "internal-error": ProblemType(
        status=500,
        title="Internal server error",
        means="The server failed to answer. The error is logged with this request's `X-Request-ID`; no "
        "request body is logged.",
        fix="Retry once; if it persists, give the `X-Request-ID` to the operator.",
    ),
    "service-unavailable": ProblemType(
        status=503,
        title="Service unavailable",
        means="The database cannot be reached for now. Nothing was stored.",
        fix="Retry later (after `Retry-After` seconds if given).",
    ),
}


def _page(slug: str, problem: ProblemType) -> str:
    esc = html.escape
    members = "".join(f"<li><code>{esc(name)}</code>: {esc(what)}</li>" for name, what in problem.members)
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{esc(problem.title)} ({problem.status})</title></head><body>"
        f"<h1>{esc(problem.title)}</h1><p>HTTP {problem.status}, <code>type</code>: "
        f"<code>/problems/{esc(slug)}</code></p>"
        f"<h2>What it means</h2><p>{esc(problem.means)}</p><h2>What to do</h2><p>{esc(problem.fix)}</p>"
        "<h2>The answer</h2><p>An <code>application/problem+json</code> body (RFC 9457) with <code>status</code>, "
        "<code>type</code>, <code>title</code> and <code>detail</code>"
        + (f", and:</p><ul>{members}</ul>" if members else ".</p>")
        + '<p><a href="/problems">All problem types</a></p></body></html>'
    )


def _index() -> str:
    rows = "".join(
        f'<li><a href="/problems/{html.escape(slug)}">{html.escape(p.title)}</a> ({p.status})</li>'
        for slug, p in PROBLEM_TYPES.items()
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Problem types</title></head><body>'
        f"<h1>Problem types of the cpc-prosecution API</h1><ul>{rows}</ul></body></html>"
    )


class ProblemsController(Controller):
    path = "/problems"
    include_in_schema = False

    @get("/", media_type=MediaType.HTML, cache=3600)
    async def index(self) -> Response[str]:
        """Every problem type, linked."""
        return Response(_index(), media_type=MediaType.HTML)

    @get("/{slug:str}", media_type=MediaType.HTML, cache=3600)
    async def page(self, slug: FromPath[str]) -> Response[str]:
        """One problem type: what it means and what to do."""
        problem = PROBLEM_TYPES.get(slug)
        if problem is None:
            raise NotFoundException(f"no problem type {slug!r} (see /problems)")
        return Response(_page(slug, problem), media_type=MediaType.HTML)
