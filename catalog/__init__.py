"""Pure course-search logic: no aiogram, no SQLAlchemy (tests/catalog/test_layout.py enforces it)."""
