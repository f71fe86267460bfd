"""Persistence: SQLAlchemy models, repositories (never commit) and the database plumbing."""
