"""One module per metric the SQL engine supports: its per-row `DERIVED` columns, its `AGGREGATES`
(name, SQL) and `cells(row)`, which turns the aggregated integers into the pure engine's cells with
the pure engine's own helpers (`count`, `ratio`, `days`), so rounding and None-for-0 are shared."""
