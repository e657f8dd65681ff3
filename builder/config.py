"""Site configuration: a YAML file, read into typed dataclasses.

Everything that is a fact about *one* documentation site (its plans and releases, its languages,
its products outside the content tree, its legacy URL forms) lives in this file rather than in
Python, so the same code builds our sample docs and the GitHub Docs corpus.  Every option is
declared here with its type; unknown keys are errors, and all problems are collected before the
loader gives up, so a writer fixes the file in one go.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .build_date import parse_build_date
from .errors import ConfigError
from .frontmatter import DEFAULT_SCHEMA, Schema, site_schema


@dataclass(frozen=True)
class Plan:
    """A product plan: a line of versions sharing a URL prefix (``enterprise-server@X.Y``)."""

    id: str
    title: str  # plan title, e.g. "Enterprise Server" or "Free, Pro, and Team"
    version_title: str  # may hold "{release}", e.g. "Enterprise Server {release}"
    releases: tuple[str, ...]  # supported releases, newest first; ("latest",) if not numbered
    numbered: bool = False
    default: bool = False  # the default version: no URL segment
    deprecated: tuple[str, ...] = ()
    misc_name: str = ""  # may hold "{release}"
    openapi_name: str = ""  # may hold "{release}"
    legacy_prefix: str = ""  # legacy URL form, e.g. "enterprise" for /enterprise/2.22/user/...


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    native_name: str
    hreflang: str
    content_dir: str  # relative to the source folder
    data_dir: str
    wip: bool = False
    redirect_patterns: tuple[str, ...] = ()  # legacy prefixes (regex) that redirect to /code


@dataclass(frozen=True)
class ExternalProduct:
    id: str
    name: str
    href: str


@dataclass(frozen=True)
class LinkRules:
    """The one-off link-rewriting overrides of the original renderer (spec §6.5 step 4.4)."""

    # products always linked in the default version (e.g. desktop)
    default_version_products: tuple[str, ...] = ()
    # products that do not exist in the default version; links from it go to the latest release
    # of `latest_release_plan` (e.g. admin, insights -> enterprise-server@<latest>)
    non_default_products: tuple[str, ...] = ()
    latest_release_plan: str = ""
    # anchors with this class keep the default version
    default_version_class: str = "dotcom-only"
    # hrefs left alone (exact paths that the host redirects to other sites)
    external_paths: tuple[str, ...] = ()
    # path prefixes never rewritten
    asset_prefixes: tuple[str, ...] = ("/assets", "/public")
    # legacy "/enterprise/X.Y/user/..." user segment, dropped when normalising
    legacy_user_segment: str = "user"
    # the product that the legacy user segment stands for (/enterprise/X.Y/user -> .../github)
    legacy_user_product: str = ""
    # products whose legacy URLs had a "/guides" segment (/admin/guides/...)
    legacy_guides_products: tuple[str, ...] = ()
    # products reachable language- and version-less at the latest release (/admin, /insights)
    latest_release_shortcut_products: tuple[str, ...] = ()


@dataclass(frozen=True)
class RedirectFile:
    """A JSON file of old path -> new location, joined to the redirect table (spec §9.1-9.2).

    ``kind`` says where it stands: ``external`` (values are absolute URLs of other sites,
    answered before anything else) or ``legacy`` (values are page URLs, merged before the
    pages' own redirects, which win a key they share)."""

    file: str  # relative to the source folder
    kind: str


REDIRECT_FILE_KINDS = ("external", "legacy")


@dataclass(frozen=True)
class Archive:
    """Where the pages of a plan's deprecated releases live now (spec §10.6, §10.2).

    Every URL under a deprecated release redirects there.  ``url`` may hold ``{release}`` and
    ``{path}`` (the request path as asked, with its language); releases older than
    ``language_from`` were archived without languages: ``old_url`` is used, where ``{rest}``
    is the path after the release segment.  The release notes page of a deprecated release
    goes to ``release_notes_url``."""

    plan: str
    url: str
    language_from: str = ""  # "" = every deprecated release keeps the language
    old_url: str = ""
    release_notes_url: str = ""


@dataclass(frozen=True)
class SiteConfig:
    source: Path
    title: str = "Docs"
    base_url: str = ""
    assets_dir: str = "assets"
    plans: tuple[Plan, ...] = ()
    languages: tuple[Language, ...] = ()
    external_products: tuple[ExternalProduct, ...] = ()
    bare_release_plan: str = ""  # plan assumed by `ver_gt "2.21"` (no plan@)
    links: LinkRules = field(default_factory=LinkRules)
    hidden_allowed_under: tuple[str, ...] = ()
    # Named page kinds whose reference data is absent (e.g. REST operations): include name ->
    # warning text.  The include renders empty and the build warns once per kind.
    missing_includes: dict[str, str] = field(default_factory=dict)
    # Liquid globals listing the version ids of a plan, e.g. enterpriseServerVersions
    liquid_plan_lists: dict[str, str] = field(default_factory=dict)
    # Liquid globals describing a numbered plan's releases, e.g. enterpriseServerReleases
    liquid_plan_releases: dict[str, str] = field(default_factory=dict)
    # folder of Liquid partials for {% render name %} / {% include name %} (relative to the
    # configuration file); empty for none
    includes_dir: str = ""
    # <title> of the /<lang> homepage (the original showed a fixed text there); "" = page title
    homepage_title: str = ""
    # the frontmatter keys pages may carry: the built-in ones plus the site's own
    # (``frontmatter: {keys: {name: type}, aliases: {old name: key or key.subkey}}``)
    frontmatter: Schema = DEFAULT_SCHEMA
    # the date pages are built "on" (YYYY-MM-DD; see builder/build_date.py); "" = from
    # SOURCE_DATE_EPOCH, else today
    build_date: str = ""
    # redirect tables read from files (spec §9.2), in the order given
    redirect_files: tuple[RedirectFile, ...] = ()
    # where deprecated releases redirect (spec §10.6); None: they are not redirected
    archive: Archive | None = None
    path: Path | None = None  # the configuration file itself

    def includes_path(self) -> Path | None:
        if not self.includes_dir:
            return None
        base = self.path.parent if self.path else self.source
        return (base / self.includes_dir).resolve()

    def fingerprint(self) -> str:
        """A text that is the same for the same configuration in every process (``repr`` is
        not: the frontmatter schema holds functions, whose repr carries an address).  The
        build cache keys on it."""
        return _stable_repr(self)

    def input_paths(self) -> list[Path]:
        """Every folder and file a build reads: each language's content and data folders,
        the includes and assets folders, the top-level files of the source folder (such as
        ``enterprise-dates.json``) and this configuration file.  The build cache snapshots
        them and the preview server watches them."""
        paths: list[Path] = []
        for lang in self.languages:
            paths += [self.source / lang.content_dir, self.source / lang.data_dir]
        includes = self.includes_path()
        if includes is not None:
            paths.append(includes)
        paths += [self.source / spec.file for spec in self.redirect_files]
        paths.append(self.source / self.assets_dir)
        if self.source.is_dir():
            paths += sorted(p for p in self.source.iterdir() if p.is_file())
        if self.path is not None:
            paths.append(self.path.resolve())
        seen: set[Path] = set()
        return [p for p in paths if p.exists() and not (p in seen or seen.add(p))]

    @property
    def default_language(self) -> Language:
        return self.languages[0]

    def language(self, code: str) -> Language | None:
        for lang in self.languages:
            if lang.code == code:
                return lang
        return None


_PLAN_KEYS = {f for f in Plan.__dataclass_fields__}
_LANG_KEYS = {f for f in Language.__dataclass_fields__}
_LINK_KEYS = {f for f in LinkRules.__dataclass_fields__}
_TOP_KEYS = {
    "title", "base_url", "assets_dir", "plans", "languages", "external_products",
    "bare_release_plan", "links", "hidden_allowed_under", "missing_includes",
    "liquid_plan_lists", "liquid_plan_releases", "includes_dir", "homepage_title",
    "frontmatter", "build_date", "redirect_files", "archive",
}
_FRONTMATTER_KEYS = {"keys", "aliases"}
_ARCHIVE_KEYS = {f for f in Archive.__dataclass_fields__}


def _stable_repr(value: Any) -> str:
    if callable(value) and not isinstance(value, type):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', '')}"
    if hasattr(value, "__dataclass_fields__"):
        inner = ", ".join(f"{name}={_stable_repr(getattr(value, name))}"
                          for name in value.__dataclass_fields__)
        return f"{type(value).__name__}({inner})"
    if isinstance(value, dict) or (hasattr(value, "items") and hasattr(value, "keys")):
        return "{" + ", ".join(f"{k!r}: {_stable_repr(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_stable_repr(v) for v in value) + "]"
    return repr(value)


def _tuple(value: Any) -> tuple:
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value)
    return (str(value),)


def _check_keys(where: str, raw: dict, allowed: set[str], problems: list[str]) -> None:
    for key in raw:
        if key not in allowed:
            problems.append(f"{where}: unknown key '{key}' (allowed: {', '.join(sorted(allowed))})")


def _plan(raw: dict, where: str, problems: list[str]) -> Plan | None:
    _check_keys(where, raw, _PLAN_KEYS, problems)
    missing = [k for k in ("id", "title", "version_title", "releases") if k not in raw]
    if missing:
        problems.append(f"{where}: missing {', '.join(missing)}")
        return None
    values = dict(raw)
    values["releases"] = _tuple(raw["releases"])
    values["deprecated"] = _tuple(raw.get("deprecated"))
    return Plan(**values)


def _language(raw: dict, where: str, problems: list[str]) -> Language | None:
    _check_keys(where, raw, _LANG_KEYS, problems)
    missing = [k for k in ("code", "name", "content_dir", "data_dir") if k not in raw]
    if missing:
        problems.append(f"{where}: missing {', '.join(missing)}")
        return None
    values = dict(raw)
    values.setdefault("native_name", raw["name"])
    values.setdefault("hreflang", raw["code"])
    values["redirect_patterns"] = _tuple(raw.get("redirect_patterns"))
    return Language(**values)


def _links(raw: dict, problems: list[str]) -> LinkRules:
    _check_keys("links", raw, _LINK_KEYS, problems)
    values = {k: (_tuple(v) if isinstance(LinkRules.__dataclass_fields__[k].default, tuple) else v)
              for k, v in raw.items() if k in _LINK_KEYS}
    return LinkRules(**values)


def _frontmatter(raw: Any, problems: list[str]) -> Schema:
    """The site's frontmatter schema: its own keys (with types) and older key names."""
    if raw is None:
        return DEFAULT_SCHEMA
    if not isinstance(raw, dict):
        problems.append("frontmatter: must be a map with `keys` and/or `aliases`")
        return DEFAULT_SCHEMA
    _check_keys("frontmatter", raw, _FRONTMATTER_KEYS, problems)
    parts = {}
    for name in ("keys", "aliases"):
        value = raw.get(name) or {}
        if not isinstance(value, dict):
            problems.append(f"frontmatter.{name}: must be a map")
            value = {}
        parts[name] = value
    schema, found = site_schema(parts["keys"], parts["aliases"])
    problems.extend(found)
    return schema
def _redirect_files(raw: Any, problems: list[str]) -> tuple[RedirectFile, ...]:
    out = []
    for i, item in enumerate(raw or []):
        where = f"redirect_files[{i}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: write a mapping with 'file' and 'kind'")
            continue
        _check_keys(where, item, {"file", "kind"}, problems)
        if "file" not in item:
            problems.append(f"{where}: missing file")
            continue
        kind = str(item.get("kind", ""))
        if kind not in REDIRECT_FILE_KINDS:
            problems.append(f"{where}: kind must be one of {', '.join(REDIRECT_FILE_KINDS)}, "
                            f"not {kind!r}")
            continue
        out.append(RedirectFile(str(item["file"]), kind))
    return tuple(out)


def _archive(raw: Any, plans: list[Plan], problems: list[str]) -> Archive | None:
    if not raw:
        return None
    if not isinstance(raw, dict):
        problems.append("archive: write a mapping with 'plan' and 'url'")
        return None
    _check_keys("archive", raw, _ARCHIVE_KEYS, problems)
    missing = [k for k in ("plan", "url") if k not in raw]
    if missing:
        problems.append(f"archive: missing {', '.join(missing)}")
        return None
    if not any(p.id == raw["plan"] for p in plans):
        problems.append(f"archive: plan {raw['plan']!r} is not one of the plans")
    if raw.get("language_from") and not raw.get("old_url"):
        problems.append("archive: language_from needs old_url (where older releases went)")
    if not str(raw["url"]).endswith("{path}"):
        problems.append("archive: url must end with {path} (the request path is appended)")
    if raw.get("old_url") and not str(raw["old_url"]).endswith("{rest}"):
        problems.append("archive: old_url must end with {rest} (the path after the release)")
    plan = next((p for p in plans if p.id == raw["plan"]), None)
    if plan and raw.get("language_from") and str(raw["language_from"]) not in plan.deprecated:
        problems.append(f"archive: language_from {raw['language_from']!r} is not a deprecated "
                        f"release of {plan.id}")
    return Archive(**{k: str(v) for k, v in raw.items() if k in _ARCHIVE_KEYS})


def parse_config(raw: dict, source: Path, path: Path | None = None) -> SiteConfig:
    """Validate a parsed configuration mapping; raise ConfigError listing every problem."""
    where = str(path) if path else "configuration"
    problems: list[str] = []
    if not isinstance(raw, dict):
        raise ConfigError(where, ["the file must hold a mapping"])
    _check_keys("top level", raw, _TOP_KEYS, problems)
    plans = [_plan(p, f"plans[{i}]", problems) for i, p in enumerate(raw.get("plans") or [])]
    langs = [_language(lang, f"languages[{i}]", problems)
             for i, lang in enumerate(raw.get("languages") or [])]
    plans = [p for p in plans if p]
    langs = [lang for lang in langs if lang]
    if not plans:
        problems.append("plans: at least one plan is required")
    if sum(1 for p in plans if p.default) > 1:
        problems.append("plans: only one plan may be the default")
    if not langs:
        problems.append("languages: at least one language is required (the first is the default)")
    externals = []
    for i, ext in enumerate(raw.get("external_products") or []):
        try:
            externals.append(ExternalProduct(**ext))
        except TypeError as exc:
            problems.append(f"external_products[{i}]: {exc}")
    links = _links(raw.get("links") or {}, problems)
    schema = _frontmatter(raw.get("frontmatter"), problems)
    date = parse_build_date(raw.get("build_date"), problems)
    redirect_files = _redirect_files(raw.get("redirect_files"), problems)
    archive = _archive(raw.get("archive"), plans, problems)
    if problems:
        raise ConfigError(where, problems)
    return SiteConfig(
        source=source,
        title=str(raw.get("title", "Docs")),
        base_url=str(raw.get("base_url", "")).rstrip("/"),
        assets_dir=str(raw.get("assets_dir", "assets")),
        plans=tuple(plans),
        languages=tuple(langs),
        external_products=tuple(externals),
        bare_release_plan=str(raw.get("bare_release_plan", "")),
        links=links,
        hidden_allowed_under=_tuple(raw.get("hidden_allowed_under")),
        missing_includes=dict(raw.get("missing_includes") or {}),
        liquid_plan_lists=dict(raw.get("liquid_plan_lists") or {}),
        liquid_plan_releases=dict(raw.get("liquid_plan_releases") or {}),
        includes_dir=str(raw.get("includes_dir") or ""),
        homepage_title=str(raw.get("homepage_title") or ""),
        frontmatter=schema,
        build_date=date,
        redirect_files=redirect_files,
        archive=archive,
        path=path,
    )


def load_config(config_path: Path | None, source: Path) -> SiteConfig:
    """Read the configuration file (default: ``<source>/builder.yml``)."""
    path = config_path or source / "builder.yml"
    if not path.is_file():
        raise ConfigError(str(path), ["configuration file not found; pass --config FILE"])
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    except yaml.YAMLError as exc:
        raise ConfigError(str(path), [f"YAML error: {exc}"]) from exc
    return parse_config(raw, source.resolve(), path)
