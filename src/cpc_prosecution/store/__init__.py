"""The database shell: asyncpg pool and codecs, migrations, the embedded PostgreSQL."""
