"""Parity: compare a built site with the original renderer's golden outputs.

A development tool, not part of the product.  ``python -m tools.parity --site _site-corpus
--reference <corpus>/reference`` (``make parity``) prints, per record, the differences no rule
accepts, the summary lines ``parity: N/M records match`` and ``redirects: N/M match``, and how
many records each rule decides.  The deliberate differences from the original are the
predicates of :mod:`tools.parity.rules` and :mod:`tools.parity.redirects`: each accepts one
named, narrow kind of difference, and every other difference fails.
"""

from .pages import check_pages, check_record, compare
from .redirects import check_redirects, is_unanchored_user_quirk

__all__ = ["check_pages", "check_record", "check_redirects", "compare",
           "is_unanchored_user_quirk"]
