"""The bot package. aiogram's models are built on first use, not all at import (bot/lazy_models.py)."""

from bot.lazy_models import install as _install_lazy_models

_install_lazy_models()
