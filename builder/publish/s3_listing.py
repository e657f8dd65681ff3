"""Read S3 ListObjectsV2 answers with the C XML parser instead of botocore's model-driven one.

botocore turns each listed object into a dict through its generic shape walker: measured on the
corpus (2.2*10^5 objects) that was 50 s of CPU for the listing, 97% of a no-change publish's
client time, against ~1.5 s for the same pages read here.  The request itself still goes through
boto3 (signing, retries, errors, the paginator): a ``before-parse`` handler on our own client
reads the body, hands botocore an empty result to parse, and puts the page in the response
under :data:`PAGE_KEY`.  Error answers (status 300 and up) are left to botocore untouched.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote_plus

PAGE_KEY = "BuilderListingPage"  # where the parsed page sits in the boto3 response
_EVENT = "before-parse.s3.ListObjectsV2"
_HANDLER_ID = "builder-publish-fast-listing"
# what botocore parses instead of the real body: the page's fields come from the handler
_EMPTY = b'<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></ListBucketResult>'


class ListingError(ValueError):
    """The server's listing is not ListObjectsV2 XML."""


@dataclass
class ListingPage:
    """One page of a listing: keys are decoded (``EncodingType=url`` undone)."""

    objects: list[tuple[str, int, str]] = field(default_factory=list)  # key, size, ETag
    prefixes: list[str] = field(default_factory=list)  # CommonPrefixes (with a delimiter)
    truncated: bool = False
    next_token: str | None = None


def parse_listing(body: bytes) -> ListingPage:
    """A ListObjectsV2 answer as a :class:`ListingPage`.  The ETag keeps no quotes."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise ListingError(f"the listing is not XML ({exc})") from exc
    ns = root.tag[:root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    if root.tag != f"{ns}ListBucketResult":
        raise ListingError(f"expected ListBucketResult, got {root.tag}")
    decode = unquote_plus if root.findtext(f"{ns}EncodingType") == "url" else _same
    page = ListingPage()
    contents, prefixes = f"{ns}Contents", f"{ns}CommonPrefixes"
    key_tag, size_tag, etag_tag = f"{ns}Key", f"{ns}Size", f"{ns}ETag"
    for child in root:
        tag = child.tag
        if tag == contents:
            key, size, etag = None, 0, ""
            for part in child:
                if part.tag == key_tag:
                    key = part.text or ""
                elif part.tag == size_tag:
                    size = int(part.text or 0)
                elif part.tag == etag_tag:
                    etag = (part.text or "").strip('"')
            if key is None:
                raise ListingError("a listed object has no Key")
            page.objects.append((decode(key), size, etag))
        elif tag == prefixes:
            page.prefixes.append(decode(child.findtext(f"{ns}Prefix") or ""))
        elif tag == f"{ns}IsTruncated":
            page.truncated = (child.text or "").strip().lower() == "true"
        elif tag == f"{ns}NextContinuationToken":
            page.next_token = child.text
    return page


def _same(text: str) -> str:
    return text


def use_fast_listing(client: Any) -> None:
    """Make list_objects_v2 on this boto3 client (and its paginator) parse pages here."""
    client.meta.events.register(_EVENT, _parse_page, unique_id=_HANDLER_ID)


def _parse_page(response_dict: dict, customized_response_dict: dict, **_: Any) -> None:
    if response_dict.get("status_code", 500) >= 300:
        return
    page = parse_listing(response_dict["body"])
    response_dict["body"] = _EMPTY
    customized_response_dict[PAGE_KEY] = page
    customized_response_dict["IsTruncated"] = page.truncated
    if page.next_token is not None:
        customized_response_dict["NextContinuationToken"] = page.next_token
