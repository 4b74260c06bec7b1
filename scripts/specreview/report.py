"""A change between two spec versions, its verdict from the rules table, and the Markdown report."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .rules import RULES, Side


@dataclass(frozen=True)
class Change:
    """One difference between the two documents, seen from one or both sides of a call."""

    kind: str
    sides: tuple[Side, ...]
    location: str
    message: str
    operation_id: str = ""

    @property
    def breaking_sides(self) -> tuple[Side, ...]:
        rule = RULES[self.kind]
        return tuple(side for side in self.sides if rule.breaks(side))

    @property
    def breaking(self) -> bool:
        return bool(self.breaking_sides)


def has_breaking(changes: Iterable[Change]) -> bool:
    return any(change.breaking for change in changes)


def summary_line(breaking: int, other: int) -> str:
    if breaking:
        return f"**{breaking} breaking**, {other} non-breaking."
    if other:
        return f"No breaking changes ({other} non-breaking)."
    return "No changes."


def _bullet(change: Change) -> str:
    label = "**breaking**" if change.breaking else "non-breaking"
    where = f"`{change.location}`"
    if change.operation_id:
        where += f" ({change.operation_id})"
    return f"- {label} {where}: {change.message} [{change.kind}]"


def render_markdown(changes: Sequence[Change], title: str, level: int = 2) -> str:
    """A Markdown report: heading, summary line, then breaking and other changes."""
    heading = "#" * level
    breaking = [c for c in changes if c.breaking]
    other = [c for c in changes if not c.breaking]
    lines = [f"{heading} {title}", "", summary_line(len(breaking), len(other))]
    for section, items in (("Breaking changes", breaking), ("Other changes", other)):
        if items:
            lines += ["", f"{heading}# {section}", "", *map(_bullet, items)]
    return "\n".join(lines) + "\n"
