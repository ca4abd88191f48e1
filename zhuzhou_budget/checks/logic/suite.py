"""The logic family's suite: its modules (statements.py, form.py) declare their checks on it."""

from __future__ import annotations

from ..engine.registry import REGISTRY

SUITE = REGISTRY.suite("logic")

__all__ = ["SUITE"]
