"""Errors and warnings that a writer can act on.

Every problem the builder finds becomes a :class:`Diagnostic` naming the file, the line, what is
wrong and what to do about it.  Stages collect diagnostics instead of stopping at the first one,
so one bad page never hides the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Diagnostic:
    severity: str  # "error" or "warning"
    kind: str  # short machine-readable category, e.g. "frontmatter", "liquid", "link"
    message: str
    file: str = ""
    line: int = 0
    hint: str = ""

    def location(self) -> str:
        if not self.file:
            return ""
        return f"{self.file}:{self.line}" if self.line else self.file

    def format(self) -> str:
        where = self.location()
        text = f"{where}: {self.severity}: {self.message}" if where else f"{self.severity}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


class BuilderError(Exception):
    """Base class of errors that carry a Diagnostic."""

    kind = "error"

    def __init__(self, message: str, file: str = "", line: int = 0, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.hint = hint

    def diagnostic(self, severity: str = "error") -> Diagnostic:
        return Diagnostic(severity, self.kind, self.message, self.file, self.line, self.hint)

    def __str__(self) -> str:
        return self.diagnostic().format()


class ConfigError(BuilderError):
    kind = "config"

    def __init__(self, file: str, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems), file=file,
                         hint="fix the configuration file; every problem is listed")


class FrontmatterError(BuilderError):
    kind = "frontmatter"


class VersionError(BuilderError):
    kind = "versions"


class LiquidError(BuilderError):
    kind = "liquid"


class DataError(BuilderError):
    kind = "data"


class RedirectConflict(BuilderError):
    kind = "redirect"


@dataclass
class Report:
    """Collects diagnostics from every stage; warnings are counted by kind for the summary."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def add(self, diag: Diagnostic) -> None:
        self.diagnostics.append(diag)

    def error(self, kind: str, message: str, file: str = "", line: int = 0, hint: str = "") -> None:
        self.add(Diagnostic("error", kind, message, file, line, hint))

    def warning(self, kind: str, message: str, file: str = "", line: int = 0, hint: str = "") -> None:
        self.add(Diagnostic("warning", kind, message, file, line, hint))

    def extend(self, diags: list[Diagnostic]) -> None:
        self.diagnostics.extend(diags)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]

    def counts_by_kind(self, severity: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        for d in self.diagnostics:
            if d.severity == severity:
                counts[d.kind] = counts.get(d.kind, 0) + 1
        return dict(sorted(counts.items()))
