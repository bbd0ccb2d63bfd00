"""The index document of a release (GET /v1/releases/{id}) and its entry in the list of releases."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from cpc_prosecution.releases.build import BuiltRelease, tables_of
from cpc_prosecution.releases.catalogue import CATALOGUE_VERSION
from cpc_prosecution.releases.rendering import FOOTNOTE, METHODOLOGY_PATH

__all__ = ("ReleaseDocument", "ReleaseListing", "TableLink", "parameters_of", "release_document", "release_href")


class TableLink(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    title: str
    unit: str
    measure: str
    json: str
    csv: str


class ReleaseDocument(msgspec.Struct, frozen=True, kw_only=True):
    release_id: str
    period: str
    revision: int
    supersedes: str | None
    """The previous release of the same period, which this one revises."""
    catalogue_version: str
    data_cutoff: dt.date
    """Case data recorded up to this day (Philippine time) went into the release."""
    built_at: dt.datetime
    parameters: dict[str, Any]
    content_hash: str
    methodology: str
    footnote: str
    tables: tuple[TableLink, ...]


class ReleaseListing(msgspec.Struct, frozen=True, kw_only=True):
    release_id: str
    period: str
    revision: int
    data_cutoff: dt.date
    built_at: dt.datetime
    content_hash: str
    href: str


def release_href(release_id: str) -> str:
    return f"/v1/releases/{release_id}"


def parameters_of(built: BuiltRelease) -> dict[str, Any]:
    """What the protection ran with, so anyone can see (and reproduce) the rules applied."""
    policy = built.spec.policy
    return {
        "threshold": policy.threshold,
        "rounding_base": policy.rounding_base,
        "median_min_n": policy.median_threshold,
        "cases_per_child": built.spec.cases_per_child,
        "differential_privacy": built.dp is not None,
        **({"dp": built.dp} if built.dp is not None else {}),
    }


def release_document(built: BuiltRelease, *, revision: int, built_at: dt.datetime) -> ReleaseDocument:
    href = release_href(built.release_id)
    supersedes = f"{built.spec.period.code}.{revision - 1}" if revision > 1 else None
    return ReleaseDocument(
        release_id=built.release_id,
        period=built.spec.period.code,
        revision=revision,
        supersedes=supersedes,
        catalogue_version=CATALOGUE_VERSION,
        data_cutoff=built.data_cutoff,
        built_at=built_at,
        parameters=parameters_of(built),
        content_hash=built.content_hash,
        methodology=METHODOLOGY_PATH,
        footnote=FOOTNOTE,
        tables=tuple(
            TableLink(
                id=t.id,
                title=t.title,
                unit=t.unit,
                measure=t.measure.value,
                json=f"{href}/tables/{t.id}",
                csv=f"{href}/tables/{t.id}?format=csv",
            )
            for t in tables_of(built.spec)
        ),
    )
