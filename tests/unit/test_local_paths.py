"""Artifact paths become local files inside the destination, or are refused with a reason."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ciartifacts.errors import UnsafePathError
from ciartifacts.local_paths import inside, plan, relative_path
from ciartifacts.model import Artifact, State
from ciartifacts.providers.circleci import CircleCIRef

REF = CircleCIRef("github", "acme", "web", 7, None, None)


def artifact(path: str, state: State = State.READY, node: int = 0) -> Artifact:
    return Artifact("circleci", REF, path, None, None, None, state, None, raw=node)


@pytest.mark.parametrize(
    ("given_path", "expected"),
    [
        ("dist/app.tar.gz", "dist/app.tar.gz"),
        ("/tmp/out/report.xml", "tmp/out/report.xml"),
        ("0//tmp/x.txt", "0/tmp/x.txt"),
        ("./a/./b", "a/b"),
        ("name with spaces+plus.txt", "name with spaces+plus.txt"),
    ],
)
def test_relative_path_keeps_the_artifact_layout(given_path: str, expected: str) -> None:
    assert relative_path(given_path) == PurePosixPath(expected)


@pytest.mark.parametrize(
    ("given_path", "reason"),
    [
        ("../evil.txt", "'..'"),
        ("a/../../evil.txt", "'..'"),
        ("/../etc/passwd", "'..'"),
        ("a\\..\\evil.txt", "backslash"),
        ("C:/Windows/evil.dll", "drive letter"),
        ("/c:/evil", "drive letter"),
        ("./C:", "drive letter"),  # found by hypothesis: the "." used to hide the drive
        ("//./z:/evil", "drive letter"),
        ("a/\x00b", "control character"),
        ("", "names no file"),
        ("///", "names no file"),
        ("./.", "names no file"),
    ],
)
def test_unsafe_paths_are_refused_with_the_reason(given_path: str, reason: str) -> None:
    with pytest.raises(UnsafePathError, match=reason):
        relative_path(given_path, "circleci")


@given(st.text(alphabet=st.sampled_from(list("ab./\\:C\x00")), max_size=30))
def test_no_accepted_path_escapes_the_folder(text: str) -> None:
    try:
        relative = relative_path(text)
    except UnsafePathError:
        return
    assert not relative.is_absolute()
    assert ".." not in relative.parts
    assert all("\\" not in part for part in relative.parts)
    assert not re.match(r"[A-Za-z]:", relative.parts[0])


def test_inside_refuses_a_symlink_leading_out(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    destination = tmp_path / "dest"
    destination.mkdir()
    (destination / "link").symlink_to(outside, target_is_directory=True)
    with pytest.raises(UnsafePathError, match="outside the destination") as caught:
        inside(destination, PurePosixPath("link/file.txt"), artifact("link/file.txt"))
    assert caught.value.provider == "circleci"
    expected = destination.resolve() / "sub/file.txt"
    assert inside(destination, PurePosixPath("sub/file.txt"), artifact("sub/file.txt")) == expected


def test_inside_refuses_a_symlink_loop(tmp_path: Path) -> None:
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    with pytest.raises(UnsafePathError, match="cannot resolve"):
        inside(tmp_path, PurePosixPath("loop/file.txt"), artifact("loop/file.txt"))


def test_plan_refuses_a_file_where_another_needs_a_folder() -> None:
    planned = plan([artifact("a"), artifact("a/b"), artifact("c/d"), artifact("c")], str)
    assert [p.relative for p in planned] == [PurePosixPath("a"), None, PurePosixPath("c/d"), None]
    assert all("needs a folder" in str(p.error) for p in planned if p.relative is None)


def test_plan_puts_same_path_artifacts_in_separate_folders() -> None:
    first, second, other = (
        artifact("/out/a.txt", node=0),
        artifact("out/a.txt", node=1),
        artifact("b"),
    )
    planned = plan([first, second, other], lambda a: f"node-{a.raw}")
    assert [p.relative for p in planned] == [
        PurePosixPath("node-0/out/a.txt"),
        PurePosixPath("node-1/out/a.txt"),
        PurePosixPath("b"),
    ]


def test_plan_refuses_clashes_it_cannot_tell_apart() -> None:
    planned = plan([artifact("a.txt"), artifact("A.TXT")], lambda a: "same")
    assert planned[0].relative == PurePosixPath("same/a.txt")
    assert planned[1].relative is None
    assert planned[1].error is not None
    assert "same local file" in str(planned[1].error)


def test_plan_skips_artifacts_that_are_not_ready() -> None:
    planned = plan([artifact("x", State.PENDING), artifact("../y")], lambda a: "n")
    assert planned[0].skipped == "not downloadable in state 'pending'"
    assert isinstance(planned[1].error, UnsafePathError)
