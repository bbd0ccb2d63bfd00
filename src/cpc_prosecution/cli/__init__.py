"""`cpc-prosecution`: run the API, manage the database.

Errors a user can fix (a bad setting, an unreachable database) end the program with one line on
stderr and exit code 2; no traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from cpc_prosecution import __version__
from cpc_prosecution.settings import SettingsError
from cpc_prosecution.store.migrate import MigrationError

__all__ = ("main",)

PROG = "cpc-prosecution"


def _database_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    group = common.add_argument_group("database")
    group.add_argument(
        "--database-url",
        metavar="URL",
        help="external PostgreSQL 15+ (env CPC_DATABASE_URL); without it the embedded server is used",
    )
    group.add_argument("--data-dir", metavar="DIR", help="folder of the embedded PostgreSQL (env CPC_DATA_DIR)")
    group.add_argument("--log-level", choices=("debug", "info", "warning", "error"), help="env CPC_LOG_LEVEL")
    group.add_argument("--log-format", choices=("auto", "json", "console"), help="env CPC_LOG_FORMAT")
    return common


def build_parser() -> argparse.ArgumentParser:
    from cpc_prosecution.cli import db, demo, exports, imports, keys, release, serve

    parser = argparse.ArgumentParser(
        prog=PROG, description="Track child-trafficking prosecutions; publish court-level metrics."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    common = _database_options()
    serve.add_parser(commands, common)
    db.add_parser(commands, common)
    keys.add_parser(commands, common)
    release.add_parser(commands, common)
    demo.add_parser(commands, common)
    imports.add_parser(commands, common)
    exports.add_parser(commands, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.run(args)
    except SettingsError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 2
    except MigrationError as exc:
        print(f"{PROG}: migration error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return code
