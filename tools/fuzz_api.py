"""Fuzz the running API with schemathesis against its own OpenAPI document (run by .ci/run).

Starts `cpc-prosecution serve` on a fresh embedded PostgreSQL in a temporary folder (as a newcomer
would), takes the admin key it writes on first start (`first-admin-key`: its stdout is no terminal),
registers reference data and a liaison key, then runs schemathesis once per key with a bounded
number of examples per operation. The run fails on any 5xx response or any response that breaks its
documented schema.

    python tools/fuzz_api.py [--max-examples 15]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import msgspec

from cpc_prosecution.domain.examples import CITY_OFFICE, FAMILY_COURT, HOTSPOT, PROVINCIAL_OFFICE, REGULAR_COURT

BIN = Path(sys.executable).parent
CHECKS = "not_a_server_error,response_schema_conformance"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _call(base: str, method: str, path: str, token: str, body: Any = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(  # noqa: S310
        base + path,
        data=data,
        method=method,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.loads(response.read())


def _wait_for_admin_key(key_file: Path, log: Path, base: str, within: float = 90) -> str:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        text = key_file.read_text(errors="replace") if key_file.exists() else ""
        match = re.search(r"\b(cpc_[a-z0-9]{8}_[A-Za-z0-9_-]{43})\b", text)
        if match:
            try:
                with urllib.request.urlopen(base + "/readyz", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return match.group(1)
            except (urllib.error.URLError, ConnectionError):
                pass
        time.sleep(0.3)
    raise SystemExit(f"the server did not become ready:\n{log.read_text(errors='replace')[-3000:]}")


def _seed(base: str, admin: str) -> dict[str, str]:
    for office in (CITY_OFFICE, PROVINCIAL_OFFICE):
        _call(base, "POST", "/v1/offices", admin, msgspec.to_builtins(office))
    for court in (FAMILY_COURT, REGULAR_COURT):
        _call(base, "POST", "/v1/courts", admin, msgspec.to_builtins(court))
    _call(base, "POST", "/v1/hotspots", admin, msgspec.to_builtins(HOTSPOT))
    liaison = _call(base, "POST", "/v1/keys", admin, {"role": "liaison", "offices": [CITY_OFFICE.office_id]})
    analyst = _call(base, "POST", "/v1/keys", admin, {"role": "analyst", "regions": ["R7"]})
    return {"admin": admin, "liaison": liaison["token"], "analyst": analyst["token"]}


def _schemathesis(base: str, token: str, max_examples: int, extra: list[str], checks: str = CHECKS) -> int:
    command = [
        str(BIN / "schemathesis"),
        "run",
        f"{base}/schema/openapi.json",
        "--header",
        f"Authorization: Bearer {token}",
        "--checks",
        checks,
        "--max-examples",
        str(max_examples),
        "--phases",
        "examples,fuzzing",
        "--seed",
        "20261128",
        "--workers",
        "2",
        "--request-timeout",
        "30",
        "--no-color",
        *extra,
    ]
    return subprocess.run(command, check=False).returncode  # noqa: S603


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=15)
    parser.add_argument(
        "--checks",
        default=CHECKS,
        help=f"schemathesis checks (default {CHECKS}; 'all' lists every mismatch, see docs/security.md#fuzzing)",
    )
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="cpc-fuzz-", dir="/tmp"))
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = root / "serve.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CPC_")}
    env.update({"CPC_DATA_DIR": str(root / "pgdata"), "CPC_RATE_LIMIT_PER_MINUTE": "0", "CPC_LOG_LEVEL": "warning"})
    with log.open("w") as sink:
        server = subprocess.Popen(  # noqa: S603
            [str(BIN / "cpc-prosecution"), "serve", "--port", str(port), "--workers", "2"],
            env=env,
            stdout=sink,
            stderr=sink,
        )
    try:
        keys = _seed(base, _wait_for_admin_key(root / "first-admin-key", log, base))
        failures = 0
        # Everything with a liaison key, then the admin operations (keys, audit, releases) and the analyst ones.
        failures += _schemathesis(base, keys["liaison"], args.max_examples, [], args.checks)
        failures += _schemathesis(
            base,
            keys["admin"],
            args.max_examples,
            ["--include-tag", "Administration", "--include-tag", "Releases"],
            args.checks,
        )
        failures += _schemathesis(
            base,
            keys["analyst"],
            args.max_examples,
            ["--include-tag", "Cases", "--include-tag", "Metrics"],
            args.checks,
        )
        server_errors = [line for line in log.read_text(errors="replace").splitlines() if "unhandled_exception" in line]
        if server_errors:
            print(f"the server logged {len(server_errors)} unhandled exception(s):\n" + "\n".join(server_errors[:5]))
            failures += 1
        return 1 if failures else 0
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
