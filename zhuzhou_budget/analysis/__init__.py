"""Analyses over a parsed disclosure: structure, budget execution variance (PEFA PI-1/PI-2),
stated reasons by keyword category."""

from .reasons import categories, categorize
from .variance import AggregateOutturn, CompositionVariance, completion, pct, pi1, pi2

__all__ = ["AggregateOutturn", "CompositionVariance", "categories", "categorize", "completion",
           "pct", "pi1", "pi2"]
