"""Spreadsheets in: reading .csv/.xlsx case lists, checking every cell, building lawful histories.

Pure apart from reading the file: no database. `services.imports` matches the histories to stored
cases and writes them; `services.exports` writes the other way (docs/import-export.md).
"""
