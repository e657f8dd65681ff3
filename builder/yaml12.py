"""YAML with YAML-1.2 booleans, on PyYAML's C loader.

The original parsed frontmatter and data with js-yaml 3, where only ``true``/``false`` are
booleans: ``yes``, ``no``, ``on`` and ``off`` stay strings (``data/ui.yml`` has ``yes: Yes``).
PyYAML follows YAML 1.1 and would turn them into booleans, so we replace its bool resolver.
"""

from __future__ import annotations

import re
from typing import Any

import yaml


class Loader(yaml.CSafeLoader):
    """CSafeLoader whose implicit booleans are only true/false (any case)."""


Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}
Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def load(text: str) -> Any:
    """Parse YAML text with YAML-1.2 booleans."""
    return yaml.load(text, Loader=Loader)  # noqa: S506 - Loader is a SafeLoader subclass
