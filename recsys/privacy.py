"""Privacy settings shared by every group figure: the Overview page and the audit read them here.

A figure about a group of fewer than :data:`MIN_GROUP_SIZE` members (listeners, or artists for
provider-side figures) is suppressed: the dashboard and the audit report say that the group was
left out and how many groups were, never its figures.
"""

from __future__ import annotations

from typing import Final

__all__ = ["MIN_GROUP_SIZE"]

MIN_GROUP_SIZE: Final = 20
"""Groups with fewer members than this are suppressed in group figures (the k of k-anonymity)."""
