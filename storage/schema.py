"""All tables in one metadata: import this (not a single models module) to see the whole schema."""

from __future__ import annotations

import storage.models_identity
import storage.models_schedule
import storage.models_service
import storage.models_staff  # noqa: F401  (each import registers its tables on Base)
from storage.models import Base

metadata = Base.metadata
