"""The dashboard page, script and stylesheet (package data served by controllers/dashboard.py)."""
