"""The project's database backends: Django's own, with every write noted for cspr.data_versions.

settings.py swaps them in for DATABASE_URL's engine (PostgreSQL; SQLite for the local demo and quick
test runs).
"""
