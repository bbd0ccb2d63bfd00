"""`python -m cpc_prosecution` is the same as the `cpc-prosecution` command."""

from cpc_prosecution.cli import main

raise SystemExit(main())
