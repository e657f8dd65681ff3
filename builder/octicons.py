"""Octicon SVGs shaped like @primer/octicons 11's ``toSVG()`` (spec §5.4 ``octicon``).

The artwork comes from the ``octicons_pack`` package (octicons 19).  The markup around it follows
octicons 11: ``<svg version="1.1" width height viewBox class aria-hidden>`` with ``<path …></path>``
elements, the closest natural height (16 or 24) chosen from the requested size, the other
dimension scaled, and ``aria-label`` replacing ``aria-hidden`` with ``role="img"``.

Names that octicons 11 had but 19 renamed are mapped in :data:`RENAMED`; the class keeps the name
the writer used, as octicons 11 did.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Mapping

import octicons_pack

NATURAL_HEIGHTS = (16, 24)

# octicons-11 name -> (octicons-19 name, natural heights octicons 11 had for it).
# "trashcan" was the 24px-only twin of the 16px "trash" until octicons 12 merged them;
# "clippy" became "paste" in octicons 17.
RENAMED: dict[str, tuple[str, tuple[int, ...]]] = {
    "trashcan": ("trash", (24,)),
    "trash": ("trash", (16,)),
    "clippy": ("paste", NATURAL_HEIGHTS),
}

_VIEWBOX = re.compile(r'viewBox="0 0 (\d+) (\d+)"')
_INNER = re.compile(r"<svg[^>]*>(.*)</svg>", re.DOTALL)
_SELF_CLOSING = re.compile(r"<(\w+)([^<>]*?)\s*/>")


class UnknownOcticon(KeyError):
    """Raised for a name neither octicons 19 nor :data:`RENAMED` knows."""


@lru_cache(maxsize=None)
def artwork(name: str) -> dict[int, tuple[int, str]]:
    """Natural height -> (width, inner SVG markup) for an icon; raises UnknownOcticon."""
    slug, heights = RENAMED.get(name, (name, NATURAL_HEIGHTS))
    found: dict[int, tuple[int, str]] = {}
    for height in heights:
        icon = octicons_pack.get_icon(f"{slug}-{height}")
        if icon is None:
            continue
        width = int(_VIEWBOX.search(icon.svg).group(1))  # type: ignore[union-attr]
        inner = _INNER.search(icon.svg).group(1)  # type: ignore[union-attr]
        found[height] = (width, _SELF_CLOSING.sub(r"<\1\2></\1>", inner))
    if not found:
        raise UnknownOcticon(name)
    return found


def exists(name: str) -> bool:
    try:
        artwork(name)
    except UnknownOcticon:
        return False
    return True


def _number(text: str) -> float:
    """JavaScript's loose ``parseInt``/comparison of an option value; NaN if not numeric."""
    match = re.match(r"\s*(-?\d+)", text)
    return float(match.group(1)) if match else float("nan")


def _closest_height(heights: list[int], requested: float) -> int:
    """octicons 11 ``closestNaturalHeight``: the largest natural height <= requested, else
    the smallest."""
    chosen = heights[0]
    for height in heights:
        if height <= requested:
            chosen = height
    return chosen


def _format(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


def svg(name: str, options: Mapping[str, str] | None = None) -> str:
    """The ``<svg>`` for an icon, attributes in octicons 11's order; raises UnknownOcticon."""
    options = dict(options or {})
    heights = artwork(name)
    requested = options.get("height") or options.get("width") or "16"
    natural = _closest_height(sorted(heights), _number(requested))
    width, inner = heights[natural]
    attrs: dict[str, str] = {
        "version": "1.1", "width": str(width), "height": str(natural),
        "viewBox": f"0 0 {width} {natural}", "class": f"octicon octicon-{name}",
        "aria-hidden": "true", **options,
    }
    if options.get("width") or options.get("height"):
        attrs["width"] = options.get("width") or _format(_number(options["height"]) * width / natural)
        attrs["height"] = options.get("height") or _format(_number(options["width"]) * natural / width)
    if options.get("class"):
        attrs["class"] = f"octicon octicon-{name} {options['class']}"
    if options.get("aria-label"):
        attrs["aria-label"] = options["aria-label"]
        attrs["role"] = "img"
        attrs.pop("aria-hidden", None)
    rendered = " ".join(f'{key}="{value}"' for key, value in attrs.items())
    return f"<svg {rendered}>{inner}</svg>"
