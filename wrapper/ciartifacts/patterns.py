"""The one glob dialect used to select artifacts, whatever the provider.

Patterns match whole ``/``-separated artifact paths. A leading ``/`` is ignored
on paths (CircleCI paths may be absolute) and on patterns alike.

=============  ==============================================================
``*``          any run of characters except ``/`` (possibly empty, dotfiles too)
``?``          exactly one character except ``/``
``**``         as a whole segment: zero or more whole folders, so ``a/**/b``
               matches ``a/b`` and ``a/x/y/b`` and ``**/x.txt`` matches a
               root-level ``x.txt``; a trailing ``dir/**`` matches everything
               inside ``dir`` at any depth (but not ``dir`` itself); a lone
               ``**`` matches every path. Stars that are not a whole ``**``
               segment (``a**``, ``***``) act like ``*``.
``{a,b}``      alternation, expanded like a shell does before anything else:
               alternatives may be empty, nest, and contain ``/`` or other
               glob characters (``{**/,}x`` is ``**/x`` or ``x``). Braces with
               no top-level comma (``{}``, ``{x}``) are literal braces, as in bash.
``\\c``        the character ``c`` literally (``\\*``, ``\\{``, ``\\,``, ``\\\\``)
=============  ==============================================================

``[...]`` character classes are *not* supported: ``[`` and ``]`` are literal,
because test artifact names often contain them (``test_x[param-1].log``).
Everything else is literal, ``,`` outside braces included.

Several patterns select the union of what each selects; no patterns select
everything. A malformed pattern (empty, unbalanced ``{`` or ``}``, trailing
backslash) raises :class:`~ciartifacts.errors.InvalidPatternError`.
"""

import enum
import functools
import re
from collections.abc import Sequence
from typing import TypeVar

import attrs

from ciartifacts.errors import InvalidPatternError

__all__ = ["PathMatcher", "ServerFilter", "compile_patterns", "escape", "server_side_hints"]

# Brace expansion is exponential in the number of groups; refuse silly patterns
# instead of building a gigantic regex.
_MAX_ALTERNATIVES = 1024
_MAX_NESTING = 32
_SPECIAL = frozenset("*?{},\\")


class _Wild(enum.Enum):
    STAR = "*"
    QUESTION = "?"


@attrs.frozen
class _Group:
    alternatives: tuple[tuple["_Token", ...], ...]


# A literal character (a str of length 1), a wildcard, or a comma brace group.
_Token = str | _Wild | _Group
_Flat = tuple[str | _Wild, ...]
_T = TypeVar("_T", _Token, str | _Wild)


class _Parser:
    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.pos = 0

    def fail(self, reason: str, position: int | None = None) -> InvalidPatternError:
        return InvalidPatternError(self.pattern, reason, position)

    def sequence(self, depth: int) -> list[_Token]:
        """Tokens up to the end, or up to a top-level ``,``/``}`` inside braces."""
        pattern = self.pattern
        out: list[_Token] = []
        while self.pos < len(pattern):
            char = pattern[self.pos]
            if char == "\\":
                if self.pos + 1 == len(pattern):
                    raise self.fail("trailing backslash escapes nothing (use '\\\\')", self.pos)
                out.append(pattern[self.pos + 1])
                self.pos += 2
                continue
            if char in ",}" and depth > 0:
                return out
            if char == "}":
                raise self.fail("unmatched '}' (escape a literal one as '\\}')", self.pos)
            if char == "{":
                out.extend(self.braces(depth + 1))
                continue
            out.append(_Wild.STAR if char == "*" else _Wild.QUESTION if char == "?" else char)
            self.pos += 1
        return out

    def braces(self, depth: int) -> list[_Token]:
        start = self.pos
        if depth > _MAX_NESTING:
            raise self.fail(f"braces nest deeper than {_MAX_NESTING} levels", start)
        self.pos += 1
        alternatives = [self.sequence(depth)]
        while self.pos < len(self.pattern) and self.pattern[self.pos] == ",":
            self.pos += 1
            alternatives.append(self.sequence(depth))
        if self.pos == len(self.pattern):
            raise self.fail("unbalanced '{' (escape a literal one as '\\{')", start)
        self.pos += 1
        if len(alternatives) == 1:
            return ["{", *alternatives[0], "}"]
        return [_Group(tuple(tuple(alt) for alt in alternatives))]


def _parse(pattern: str) -> list[_Token]:
    if not isinstance(pattern, str):
        raise TypeError(f"a pattern must be a str, got {type(pattern).__name__}")
    if not pattern.lstrip("/"):
        raise InvalidPatternError(pattern, "a pattern must not be empty (or only '/')")
    return _Parser(pattern).sequence(0)


def _expand(pattern: str, tokens: Sequence[_Token]) -> list[_Flat]:
    results: list[_Flat] = [()]
    for token in tokens:
        if isinstance(token, _Group):
            options = [flat for alt in token.alternatives for flat in _expand(pattern, alt)]
        else:
            options = [(token,)]
        if len(results) * len(options) > _MAX_ALTERNATIVES:
            raise InvalidPatternError(
                pattern, f"braces expand to more than {_MAX_ALTERNATIVES} alternatives"
            )
        results = [head + tail for head in results for tail in options]
    return results


def _strip_leading_slashes(tokens: Sequence[_T]) -> list[_T]:
    start = 0
    while start < len(tokens) and tokens[start] == "/":
        start += 1
    return list(tokens[start:])


_GLOBSTAR = (_Wild.STAR, _Wild.STAR)


def _segment_regex(segment: _Flat) -> str:
    out: list[str] = []
    for token in segment:
        if token is _Wild.STAR:
            # Runs of stars are one star; adjacent [^/]* would backtrack badly.
            if not out or out[-1] != "[^/]*":
                out.append("[^/]*")
        elif token is _Wild.QUESTION:
            out.append("[^/]")
        else:
            out.append(re.escape(token))
    return "".join(out)


def _flat_regex(flat: _Flat) -> str:
    segments: list[_Flat] = [()]
    for token in _strip_leading_slashes(flat):
        if token == "/":
            segments.append(())
        else:
            segments[-1] += (token,)
    # "**/**" means the same as "**" and would only add backtracking.
    collapsed: list[_Flat] = []
    for segment in segments:
        if not (segment == _GLOBSTAR and collapsed and collapsed[-1] == _GLOBSTAR):
            collapsed.append(segment)
    if collapsed == [_GLOBSTAR]:
        return ".*"
    out: list[str] = []
    for index, segment in enumerate(collapsed):
        last = index == len(collapsed) - 1
        if segment == _GLOBSTAR:
            # The separator after a globstar belongs to it, so it can vanish.
            out.append(".+" if last else "(?:.*/)?")
        else:
            out.append(_segment_regex(segment))
            if not last:
                out.append("/")
    return "".join(out)


@functools.lru_cache(maxsize=512)
def _pattern_regexes(pattern: str) -> tuple[str, ...]:
    """One regex source per distinct brace expansion of ``pattern``."""
    expanded = _expand(pattern, _parse(pattern))
    return tuple(dict.fromkeys(_flat_regex(flat) for flat in expanded))


@functools.lru_cache(maxsize=256)
def _compile(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    sources = dict.fromkeys(source for p in patterns for source in _pattern_regexes(p))
    return re.compile("|".join(f"(?:{source})" for source in sources), re.DOTALL)


def _as_tuple(patterns: Sequence[str]) -> tuple[str, ...]:
    if isinstance(patterns, str):
        # A bare string is a Sequence[str] of characters: almost surely a bug.
        raise TypeError("patterns must be a sequence of strings, not a single str")
    return tuple(patterns)


@attrs.frozen
class PathMatcher:
    """Compiled glob patterns; :meth:`matches` is true if any pattern matches.

    With no patterns every path matches. Build it with :func:`compile_patterns`
    or directly as ``PathMatcher(["**/*.xml"])``.
    """

    patterns: tuple[str, ...] = attrs.field(converter=_as_tuple)
    _regex: re.Pattern[str] | None = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_regex", _compile(self.patterns))

    @property
    def matches_everything(self) -> bool:
        """True when there are no patterns, so filtering can be skipped."""
        return self._regex is None

    def matches(self, path: str) -> bool:
        """Whether the artifact ``path`` (leading ``/`` ignored) is selected."""
        if self._regex is None:
            return True
        return self._regex.fullmatch(path.lstrip("/")) is not None


def compile_patterns(patterns: Sequence[str]) -> PathMatcher:
    """Compile ``patterns`` (their union; none = everything) into a :class:`PathMatcher`."""
    return PathMatcher(patterns)


def escape(text: str) -> str:
    """Quote ``text`` so that, as a pattern, it matches exactly that path."""
    return "".join("\\" + char if char in _SPECIAL else char for char in text)


@attrs.frozen
class ServerFilter:
    """A filter a server can apply before sending the listing (Empirical's API).

    All set fields must hold (exact ``key``; ``prefix``; ``suffix``). It selects a
    superset of what the pattern it came from matches, so the client still
    filters afterwards. Server keys are assumed to carry no leading ``/``.
    """

    key: str | None = None
    prefix: str | None = None
    suffix: str | None = None

    def admits(self, key: str) -> bool:
        """Whether the server would keep an artifact with this ``key``."""
        return (
            (self.key is None or key == self.key)
            and (self.prefix is None or key.startswith(self.prefix))
            and (self.suffix is None or key.endswith(self.suffix))
        )


def server_side_hints(patterns: Sequence[str]) -> ServerFilter | None:
    """A safe server-side filter for a single pattern, or None when there is none.

    * no wildcards or brace alternation: the exact ``key``;
    * otherwise the literal text before the first wildcard or ``{`` as ``prefix``
      (if non-empty), and the literal text after the last one as ``suffix`` if it
      contains no ``/`` (after dropping the separator that follows a ``**``
      segment, since that one may match nothing).

    So ``**/*.webm`` gives suffix ``.webm``, ``data/**`` prefix ``data/``,
    ``**/junit.xml`` suffix ``junit.xml``, and ``{a,b}/x`` nothing. Several (or
    no) patterns give None. Invalid patterns raise like :func:`compile_patterns`.
    """
    patterns = _as_tuple(patterns)
    if len(patterns) != 1:
        return None
    _pattern_regexes(patterns[0])  # validates, and raises on bad input
    tokens = _strip_leading_slashes(_parse(patterns[0]))
    wild = [index for index, token in enumerate(tokens) if not isinstance(token, str)]
    literal = [token for token in tokens if isinstance(token, str)]
    if not wild:
        return ServerFilter(key="".join(literal))
    first, last = wild[0], wild[-1]
    prefix = "".join(t for t in tokens[:first] if isinstance(t, str))
    tail = [t for t in tokens[last + 1 :] if isinstance(t, str)]
    ends_globstar_segment = (
        last >= 1
        and tokens[last - 1 : last + 1] == list(_GLOBSTAR)
        and (last == 1 or tokens[last - 2] == "/")
        and tail[:1] == ["/"]
    )
    if ends_globstar_segment:
        tail = tail[1:]
    suffix = "".join(tail)
    hint = ServerFilter(
        prefix=prefix or None, suffix=suffix if suffix and "/" not in suffix else None
    )
    return None if hint == ServerFilter() else hint
