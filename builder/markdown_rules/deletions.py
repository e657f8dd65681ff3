"""Render rules: ``~~text~~`` is ``<del>`` (GFM and the original), not markdown-it's ``<s>``."""

from __future__ import annotations


def del_open(self, tokens, idx, options, env) -> str:
    return "<del>"


def del_close(self, tokens, idx, options, env) -> str:
    return "</del>"
