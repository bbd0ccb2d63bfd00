"""Store a demo dataset through the ordinary paths: reference rows, the bulk case import (fold, then
COPY), capacity records, targets, the PSGC masterlist, a built release and an analyst key."""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

from cpc_prosecution.demo.dataset import DemoDataset
from cpc_prosecution.demo.places import MASTERLIST_EDITION
from cpc_prosecution.services import releases
from cpc_prosecution.services.access import Role
from cpc_prosecution.services.api_keys import IssuedKey, NewKey, issue_key
from cpc_prosecution.services.case_import import ImportedCase, import_cases
from cpc_prosecution.services.cases import Recorder
from cpc_prosecution.services.places import load_masterlist
from cpc_prosecution.store import capacity as capacity_store
from cpc_prosecution.store import reference as reference_store
from cpc_prosecution.store import targets as targets_store

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = ("DemoLoaded", "already_loaded", "load")

_BY = "demo"
_BATCH = 400


class DemoLoaded(msgspec.Struct, frozen=True, kw_only=True):
    cases: int
    events: int
    release_id: str | None
    analyst_key: str
    """An analyst key over every demo office and both judicial regions (shown once, stored hashed)."""


async def already_loaded(conn: Connection) -> bool:
    """True when the database holds any case (the demo loads into an empty database only)."""
    return bool(await conn.fetchval("SELECT EXISTS (SELECT 1 FROM case_file)"))


async def load(conn: Connection, data: DemoDataset) -> DemoLoaded:
    """Write `data` into an empty database (the caller checks `already_loaded`), in one transaction."""
    async with conn.transaction():  # all of it or nothing
        for office in data.offices:
            await reference_store.insert_office(conn, office)
        for court in data.courts:
            await reference_store.insert_court(conn, court)
        for hotspot in data.hotspots:
            await reference_store.insert_hotspot(conn, hotspot)
        await load_masterlist(conn, list(data.masterlist), MASTERLIST_EDITION)
        recorder = Recorder(client=_BY)
        for start in range(0, len(data.cases), _BATCH):
            batch = [ImportedCase(office_id=c.office_id, events=c.events) for c in data.cases[start : start + _BATCH]]
            await import_cases(conn, batch, recorder=recorder)
        for snapshot in data.staffing:
            await capacity_store.insert_staffing(conn, snapshot, _BY)
        for training in data.trainings:
            await capacity_store.insert_training(conn, training, _BY)
        for target in data.targets:
            await targets_store.put_target(conn, target, _BY)
        built = await releases.build(conn, releases.BuildRequest(period=data.release_period), principal=None)
        key: IssuedKey = await issue_key(
            conn,
            NewKey(
                role=Role.ANALYST,
                offices=[o.office_id for o in data.offices],
                regions=sorted({c.judicial_region for c in data.courts}, key=lambda r: r.value),
            ),
            created_by=None,
        )
        return DemoLoaded(
            cases=len(data.cases),
            events=sum(len(c.events) for c in data.cases),
            release_id=built.release_id,
            analyst_key=key.token,
        )
