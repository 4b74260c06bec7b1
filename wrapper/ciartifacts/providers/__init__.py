"""The provider registry. A provider module (and its generated package) is imported on first use."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from ciartifacts.refs import Ref

if TYPE_CHECKING:
    from ciartifacts.providers.base import Provider
    from ciartifacts.settings import Settings

PROVIDERS: dict[str, str] = {
    "buildkite": "ciartifacts.providers.buildkite:BuildkiteProvider",
    "circleci": "ciartifacts.providers.circleci:CircleCIProvider",
    "sourcecraft": "ciartifacts.providers.sourcecraft:SourceCraftProvider",
    "empirical": "ciartifacts.providers.empirical:EmpiricalProvider",
}


def provider_class(name: str) -> type[Provider]:
    module_name, _, class_name = PROVIDERS[name].partition(":")
    cls: type[Provider] = getattr(importlib.import_module(module_name), class_name)
    return cls


def create_provider(ref: Ref, settings: Settings) -> Provider:
    return provider_class(ref.provider)(settings)
