"""The provider registry: one line per provider, naming the module that holds all about it.

A provider is its spec (``specs/<name>.yaml``, from which ``nox -s generate`` makes the
``ciartifacts_<name>`` package), its module here (its ref grammar, environment variables,
credential headers and hooks: see :class:`~ciartifacts.providers.base.Provider`), its fake
(``ciartifacts.testing.<name>``, exporting ``FAKE``), and its line below. Everything else —
generation, packaging, the CLI, the fakes, the test suites — derives the list of providers from
``specs/`` or from this registry. Modules are imported on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ciartifacts.providers.base import Provider
    from ciartifacts.refs import Ref
    from ciartifacts.settings import Settings

PROVIDERS: dict[str, str] = {
    "buildkite": "ciartifacts.providers.buildkite",
    "circleci": "ciartifacts.providers.circleci",
    "sourcecraft": "ciartifacts.providers.sourcecraft",
    "empirical": "ciartifacts.providers.empirical",
    "github": "ciartifacts.providers.github",
}


def provider_class(name: str) -> type[Provider]:
    """The provider's class (``PROVIDER`` in its module); KeyError for an unknown name."""
    cls: type[Provider] = importlib.import_module(PROVIDERS[name]).PROVIDER
    return cls


def provider_classes() -> list[type[Provider]]:
    """Every registered provider's class, in registry order."""
    return [provider_class(name) for name in PROVIDERS]


def create_provider(ref: Ref, settings: Settings) -> Provider:
    return provider_class(ref.provider)(settings)


def provider_export(name: str) -> type | None:
    """The ref class called ``name`` in any registered provider's module, or None."""
    for cls in provider_classes():
        for ref_type in cls.ref_types:
            if ref_type.__name__ == name:
                return ref_type
    return None
