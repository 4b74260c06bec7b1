"""Packaging: the ``fsspec.specs`` entry points, one per registered provider.

hatchling runs this while building (``[tool.hatch.metadata.hooks.custom]`` in pyproject.toml),
where only hatchling is installed, so nothing of ``ciartifacts`` is imported: the registry
(``PROVIDERS`` in ``wrapper/ciartifacts/providers/__init__.py``) and each provider module's
class (``PROVIDER = SomeProvider``: its ``name``, ``title`` and ``fsspec_protocol``, which
defaults to the name) are read from the source with :mod:`ast`. Each protocol points at the
class ``ciartifacts.filesystem`` makes for the provider, named after its title.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from hatchling.metadata.plugin.interface import MetadataHookInterface

REGISTRY = Path("wrapper/ciartifacts/providers/__init__.py")
GROUP = "fsspec.specs"


class FsspecEntryPoints(MetadataHookInterface):
    """Fills ``entry-points`` (declared dynamic) with one ``fsspec.specs`` entry per provider."""

    def update(self, metadata: dict[str, Any]) -> None:
        metadata["entry-points"] = {GROUP: fsspec_entry_points(Path(self.root))}


def fsspec_entry_points(root: Path) -> dict[str, str]:
    """``{protocol: "ciartifacts.filesystem:<Title>FileSystem"}`` for every registered provider."""
    points = {}
    for module in _registry(root / REGISTRY).values():
        attributes = _provider_attributes(root / "wrapper" / (module.replace(".", "/") + ".py"))
        protocol = attributes.get("fsspec_protocol", attributes["name"])
        # As ciartifacts.filesystem.filesystem_class_name names it.
        name = "".join(char for char in attributes["title"] if char.isalnum()) + "FileSystem"
        points[protocol] = f"ciartifacts.filesystem:{name}"
    return points


def _registry(path: Path) -> dict[str, str]:
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        target: ast.expr
        if isinstance(node, ast.AnnAssign) and node.value is not None:
            target, expression = node.target, node.value
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, expression = node.targets[0], node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id == "PROVIDERS":
            value = ast.literal_eval(expression)
            if isinstance(value, dict) and all(
                isinstance(key, str) and isinstance(item, str) for key, item in value.items()
            ):
                return value
    raise RuntimeError(f"{path}: no PROVIDERS dict of names to module names")


def _provider_attributes(path: Path) -> dict[str, str]:
    """The string class attributes of the class the module exports as ``PROVIDER``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    exported = None
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and [getattr(target, "id", None) for target in node.targets] == ["PROVIDER"]
            and isinstance(node.value, ast.Name)
        ):
            exported = node.value.id
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == exported:
            found = {}
            for statement in node.body:
                if (
                    isinstance(statement, ast.Assign)
                    and len(statement.targets) == 1
                    and isinstance(statement.targets[0], ast.Name)
                    and isinstance(statement.value, ast.Constant)
                    and isinstance(statement.value.value, str)
                ):
                    found[statement.targets[0].id] = statement.value.value
            if "name" in found and "title" in found:
                return found
    raise RuntimeError(
        f"{path}: PROVIDER must name a class of the module that sets name and title as strings"
    )
