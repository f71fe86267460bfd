"""Pure course-search logic: no aiogram, no SQLAlchemy (tests/test_layout.py enforces it)."""
