"""The glob dialect: semantics against an independent oracle, braces, escaping, hints."""

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from ciartifacts.errors import CIArtifactsError, InvalidPatternError
from ciartifacts.patterns import (
    PathMatcher,
    ServerFilter,
    compile_patterns,
    escape,
    server_side_hints,
)


def matches(pattern: str, path: str) -> bool:
    return compile_patterns([pattern]).matches(path)


# --- an independent, deliberately naive reference matcher --------------------
# Supports *, ?, ** segments and literals (no braces, no escapes), segment by
# segment, so it shares nothing with the regex translation under test.


def _segment_matches(pattern: str, name: str) -> bool:
    if not pattern:
        return not name
    head = pattern[0]
    if head == "*":
        return any(_segment_matches(pattern[1:], name[i:]) for i in range(len(name) + 1))
    if not name:
        return False
    return (head in ("?", name[0])) and _segment_matches(pattern[1:], name[1:])


def oracle(pattern: str, path: str) -> bool:
    parts = pattern.lstrip("/").split("/")
    names = path.lstrip("/").split("/")

    def walk(p: int, n: int) -> bool:
        if p == len(parts):
            return n == len(names)
        if parts[p] == "**":
            if p == len(parts) - 1:
                # Lone "**" is everything; trailing "dir/**" is anything inside dir.
                return p == 0 or (n < len(names) and "/".join(names[n:]) != "")
            return any(walk(p + 1, skip) for skip in range(n, len(names) + 1))
        return n < len(names) and _segment_matches(parts[p], names[n]) and walk(p + 1, n + 1)

    return walk(0, 0)


glob_pieces = st.sampled_from(["a", "b", ".", "/", "*", "?", "**", "**/", "/**"])
simple_patterns = st.lists(glob_pieces, min_size=1, max_size=7).map("".join)
paths = st.lists(st.sampled_from(["a", "b", ".", "/", "ab", "ba"]), min_size=1, max_size=8).map(
    "".join
)


@given(simple_patterns, paths)
@example("**/a", "a")
@example("a/**/b", "a/b")
@example("a/**", "a/")
@example("*/a", "/a")
def test_agrees_with_reference_matcher(pattern: str, path: str) -> None:
    assume(pattern.lstrip("/") and path.lstrip("/"))
    assert matches(pattern, path) == oracle(pattern, path)


# --- documented semantics, by example ---------------------------------------

CASES = [
    ("*.txt", "a.txt", True),
    ("*.txt", "dir/a.txt", False),
    ("*.txt", ".txt", True),
    ("*", ".hidden", True),
    ("a?c", "abc", True),
    ("a?c", "a/c", False),
    ("a?c", "ac", False),
    ("dir/**", "dir/a", True),
    ("dir/**", "dir/a/b/c.txt", True),
    ("dir/**", "dir", False),
    ("dir/**", "dir2/a", False),
    ("a/**/b", "a/b", True),
    ("a/**/b", "a/x/y/b", True),
    ("a/**/b", "a/xb", False),
    ("**/x.txt", "x.txt", True),
    ("**/x.txt", "d/e/x.txt", True),
    ("**/x.txt", "d/ex.txt", False),
    ("**", "anything/at/all", True),
    ("a**b", "a/b", False),
    ("a**b", "axxb", True),
    ("***/x", "d/e/x", False),
    ("{a,b}.txt", "b.txt", True),
    ("{a,b}.txt", "c.txt", False),
    ("{a,b/c}/x", "b/c/x", True),
    ("x{,.gz}", "x", True),
    ("x{,.gz}", "x.gz", True),
    ("{**/,}x", "d/x", True),
    ("{*.{png,jpg},docs/**}", "i.jpg", True),
    ("{*.{png,jpg},docs/**}", "docs/a/b.md", True),
    ("{*.{png,jpg},docs/**}", "d/i.jpg", False),
    ("{}", "{}", True),
    ("{x}", "{x}", True),
    ("{x*}", "{xyz}", True),
    ("{x}", "x", False),
    ("a,b", "a,b", True),
    ("test[1].log", "test[1].log", True),
    ("test[1].log", "test1.log", False),
    (r"a\*b", "a*b", True),
    (r"a\*b", "axb", False),
    (r"\{a,b\}", "{a,b}", True),
    (r"{a\,b,c}", "a,b", True),
    (r"{a\,b,c}", "c", True),
    (r"a\\b", "a\\b", True),
    ("/abs/*.xml", "abs/r.xml", True),
    ("abs/*.xml", "/abs/r.xml", True),
    ("abs/*.xml", "//abs/r.xml", True),
    ("a/b", "a/b/", False),
    ("name\nwith newline", "name\nwith newline", True),
    ("*", "multi\nline", True),
]


@pytest.mark.parametrize(("pattern", "path", "expected"), CASES)
def test_documented_semantics(pattern: str, path: str, expected: bool) -> None:
    assert matches(pattern, path) is expected


def test_no_patterns_match_everything() -> None:
    matcher = compile_patterns([])
    assert matcher.matches_everything
    assert matcher.matches("any/path/at.all")
    assert not compile_patterns(["x"]).matches_everything


def test_matcher_is_cached_and_comparable() -> None:
    first, second = compile_patterns(["**/*.xml", "a"]), compile_patterns(("**/*.xml", "a"))
    assert first == second
    assert first._regex is second._regex
    assert PathMatcher(["a"]).patterns == ("a",)


def test_single_string_is_rejected() -> None:
    with pytest.raises(TypeError, match="not a single str"):
        compile_patterns("*.txt")
    with pytest.raises(TypeError, match="not a single str"):
        server_side_hints("*.txt")


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("", "must not be empty"),
        ("//", "must not be empty"),
        ("{a,b", "unbalanced '{'"),
        ("a/{b,{c,d}", "unbalanced '{'"),
        ("a}", "unmatched '}'"),
        ("{a,b}}", "unmatched '}'"),
        ("abc\\", "trailing backslash"),
        ("{" * 40 + "a,b" + "}" * 40, "nest deeper"),
        ("{a,b}" * 11, "more than 1024 alternatives"),
    ],
)
def test_invalid_patterns(pattern: str, reason: str) -> None:
    with pytest.raises(InvalidPatternError) as info:
        compile_patterns(["ok", pattern])
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, CIArtifactsError)
    assert reason in str(info.value)
    assert info.value.pattern == pattern


def test_invalid_pattern_reports_position() -> None:
    with pytest.raises(InvalidPatternError) as info:
        compile_patterns(["ab/{c,d"])
    assert info.value.position == 3
    assert str(info.value).startswith("invalid pattern 'ab/{c,d' at position 3: unbalanced '{'")


@given(st.text(max_size=30) | st.text(alphabet="ab/*?{},\\", max_size=30))
def test_fuzz_only_invalid_pattern_error(pattern: str) -> None:
    try:
        matcher = compile_patterns([pattern])
    except InvalidPatternError as exc:
        error = exc
    else:
        assert isinstance(matcher.matches(pattern), bool)
        return
    assert error.pattern == pattern
    assert str(error).startswith("invalid pattern ")


# --- properties ---------------------------------------------------------------

names = st.text(alphabet="abc.-_", min_size=1, max_size=5)


@given(st.text(max_size=20))
def test_star_never_crosses_slash(path: str) -> None:
    assert matches("*", path) == ("/" not in path.lstrip("/"))


def _has_globstar(pattern: str) -> bool:
    return "**" in pattern.lstrip("/").split("/")


@given(simple_patterns, paths)
def test_single_wildcards_keep_the_depth(pattern: str, path: str) -> None:
    assume(pattern.lstrip("/") and not _has_globstar(pattern))
    if matches(pattern, path):
        assert path.lstrip("/").count("/") == pattern.lstrip("/").count("/")


@given(st.lists(names, min_size=1, max_size=3), st.lists(names, min_size=1, max_size=4))
def test_globstar_matches_directly_inside_and_at_any_depth(
    folder: list[str], inside: list[str]
) -> None:
    directory = "/".join(folder)
    matcher = compile_patterns([directory + "/**"])
    assert matcher.matches(f"{directory}/{inside[0]}")
    assert matcher.matches(f"{directory}/{'/'.join(inside)}")
    assert not matcher.matches(directory)
    assert not matcher.matches(f"{directory}x/{inside[0]}")


@given(st.lists(names, max_size=3), st.lists(names, max_size=3), names)
def test_globstar_in_the_middle_spans_zero_or_more_folders(
    before: list[str], between: list[str], file: str
) -> None:
    pattern = "/".join([*before, "**", file])
    assert matches(pattern, "/".join([*before, *between, file]))
    assert not matches(pattern, "/".join([*before, *between, file + "x"]))


brace_free = st.lists(glob_pieces, max_size=4).map("".join)


@given(brace_free, brace_free, brace_free, brace_free, paths)
@example("a/", "**", "", "/b", "a/b")
@example("", "", "/", "a", "a")
def test_braces_are_the_union_of_their_expansions(
    head: str, left: str, right: str, tail: str, path: str
) -> None:
    expansions = [head + left + tail, head + right + tail]
    assume(all(e.lstrip("/") for e in expansions))
    braced = f"{head}{{{left},{right}}}{tail}"
    assert matches(braced, path) == any(matches(e, path) for e in expansions)


@given(st.lists(simple_patterns, max_size=4), paths)
def test_several_patterns_are_their_union(patterns: list[str], path: str) -> None:
    assume(all(p.lstrip("/") for p in patterns))
    expected = any(matches(p, path) for p in patterns) if patterns else True
    assert compile_patterns(patterns).matches(path) == expected


literal_text = st.text(alphabet=st.characters(exclude_characters="*?{}\\"), min_size=1)


@given(literal_text, st.text())
def test_literal_patterns_match_only_themselves(pattern: str, other: str) -> None:
    assume(pattern.lstrip("/"))
    assert matches(pattern, pattern)
    assert matches(pattern, "/" + pattern)
    assert matches(pattern, other) == (other.lstrip("/") == pattern.lstrip("/"))


@given(st.text(min_size=1), st.text())
@example("a*b{c,d}?\\", "a*b{c,d}?\\")
@example("**", "x/y")
def test_escape_matches_exactly_the_text(text: str, other: str) -> None:
    assume(text.lstrip("/"))
    pattern = escape(text)
    assert matches(pattern, text)
    assert matches(pattern, other) == (other.lstrip("/") == text.lstrip("/"))
    assert server_side_hints([pattern]) == ServerFilter(key=text.lstrip("/"))


# --- server-side hints ----------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "hint"),
    [
        ("**/*.webm", ServerFilter(suffix=".webm")),
        ("data/**", ServerFilter(prefix="data/")),
        ("{a,b}/x", None),
        ("reports/junit.xml", ServerFilter(key="reports/junit.xml")),
        ("/reports/junit.xml", ServerFilter(key="reports/junit.xml")),
        (r"odd\*name", ServerFilter(key="odd*name")),
        ("{x}", ServerFilter(key="{x}")),
        ("logs/*.txt", ServerFilter(prefix="logs/", suffix=".txt")),
        ("logs/*/out.txt", ServerFilter(prefix="logs/")),
        ("**/junit.xml", ServerFilter(suffix="junit.xml")),
        ("a/**/b/c.txt", ServerFilter(prefix="a/")),
        ("*/x", None),
        ("report-?.{html,json}", ServerFilter(prefix="report-")),
        ("{a,b}*.log", ServerFilter(suffix=".log")),
        ("**", None),
    ],
)
def test_server_side_hints(pattern: str, hint: ServerFilter | None) -> None:
    assert server_side_hints([pattern]) == hint


def test_hints_only_for_one_pattern() -> None:
    assert server_side_hints([]) is None
    assert server_side_hints(["a.txt", "b.txt"]) is None


def test_hints_reject_invalid_patterns() -> None:
    with pytest.raises(InvalidPatternError):
        server_side_hints(["{a"])


def test_server_filter_admits() -> None:
    both = ServerFilter(prefix="logs/", suffix=".txt")
    assert both.admits("logs/a.txt")
    assert not both.admits("logs/a.log")
    assert not both.admits("other/a.txt")
    assert ServerFilter(key="k").admits("k")
    assert not ServerFilter(key="k").admits("kk")
    assert ServerFilter().admits("anything")


@st.composite
def pattern_with_a_match(draw: st.DrawFn) -> tuple[str, str]:
    """A structured pattern and a path built to match it."""
    pattern_parts: list[str] = []
    path_parts: list[str] = []
    count = draw(st.integers(1, 4))
    for index in range(count):
        kind = draw(st.sampled_from(["literal", "wild", "globstar", "braces"]))
        if kind == "literal":
            name = draw(names)
            pattern_parts.append(name)
            path_parts.append(name)
        elif kind == "wild":
            pieces = draw(st.lists(st.sampled_from(["*", "?", "a", "."]), min_size=1, max_size=4))
            if "".join(pieces) == "**":
                pieces = ["*", "a", "*"]
            pattern_parts.append("".join(pieces))
            filled = ""
            for piece in pieces:
                if piece == "*":
                    filled += draw(st.text(alphabet="ab.", min_size=1, max_size=3))
                elif piece == "?":
                    filled += draw(st.sampled_from("ab."))
                else:
                    filled += piece
            path_parts.append(filled)
        elif kind == "globstar":
            pattern_parts.append("**")
            at_least = 1 if index == count - 1 else 0
            path_parts.extend(draw(st.lists(names, min_size=at_least, max_size=2)))
        else:
            options = draw(
                st.lists(names | st.builds("{}/{}".format, names, names), min_size=2, max_size=3)
            )
            pattern_parts.append("{" + ",".join(options) + "}")
            path_parts.append(draw(st.sampled_from(options)))
    return "/".join(pattern_parts), "/".join(path_parts)


@given(pattern_with_a_match())
def test_generated_matches_match_and_pass_the_hint(case: tuple[str, str]) -> None:
    pattern, path = case
    assert matches(pattern, path)
    hint = server_side_hints([pattern])
    assert hint is None or hint.admits(path)


@given(
    st.text(alphabet="ab/.*?{},\\", min_size=1, max_size=12), st.text(alphabet="ab/.", max_size=10)
)
@example("{a,}/x", "x")
@example("{,/}a*", "a")
@example("**/**/x", "x")
@example("a/**", "a/b")
def test_hints_never_exclude_a_match(pattern: str, path: str) -> None:
    try:
        hint = server_side_hints([pattern])
    except InvalidPatternError:
        assume(False)
        return
    if hint is not None and matches(pattern, path):
        assert hint.admits(path.lstrip("/"))
