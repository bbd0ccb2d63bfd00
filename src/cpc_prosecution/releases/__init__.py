"""Disclosure-controlled releases: the catalogue, tabulation, protection and public rendering.

Pure (no database, no web framework): `build_release` turns case summaries into the protected,
rendered tables of one release; `store.releases` keeps them immutably and the API serves only
what was stored.
"""
