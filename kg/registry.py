"""The one registry of swappable stages, as Stanza's processors: NER back-ends and interaction extractors.

A stage implementation is registered under a kind and a name with a short description and a loader
(imported only when used); the build, the CLI's choices and the error messages all read this registry, so
a new back-end is one registration.

>>> names("extractor")
['learned', 'rules']
>>> describe("ner", "dictionary")
'the actor dictionary and title patterns alone (no statistical model)'
>>> get("extractor", "nosuch")
Traceback (most recent call last):
...
kg.registry.UnknownComponent: unknown extractor 'nosuch'; choose one of learned, rules
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from kg.errors import KgError

__all__ = ["DEFAULTS", "Component", "UnknownComponent", "describe", "get", "names", "register"]


class UnknownComponent(KgError, ValueError):
    """A stage name that no implementation is registered under."""


@dataclass(frozen=True)
class Component:
    """A registered implementation: ``target`` is ``module:attribute``, imported when first loaded."""

    kind: str
    name: str
    description: str
    target: str

    def load(self) -> Callable:
        module, attribute = self.target.split(":")
        return getattr(import_module(module), attribute)


_COMPONENTS: dict[str, dict[str, Component]] = {}
#: What a build uses unless told otherwise. The extractor is the one with the higher F1 on the dev split of
#: the annotated SaudiNewsNet articles (README, "Interactions").
DEFAULTS = {"ner": "auto", "extractor": "rules"}


def register(kind: str, name: str, description: str, target: str) -> Component:
    """Register ``target`` (``module:attribute``) as the ``name`` implementation of ``kind``."""
    component = Component(kind, name, description, target)
    _COMPONENTS.setdefault(kind, {})[name] = component
    return component


def names(kind: str) -> list[str]:
    """The registered names of ``kind``, sorted."""
    return sorted(_COMPONENTS.get(kind, {}))


def get(kind: str, name: str) -> Component:
    """The component ``name`` of ``kind``; :class:`UnknownComponent` (one line) if there is none."""
    try:
        return _COMPONENTS[kind][name]
    except KeyError:
        raise UnknownComponent(f"unknown {kind} {name!r}; choose one of {', '.join(names(kind))}") from None


def describe(kind: str, name: str) -> str:
    """The one-line description of a registered component."""
    return get(kind, name).description


register("ner", "auto", "the official Stanza Arabic model if installed, else the project's",
         "kg.ner:load_recogniser")
register("ner", "official", "Stanza's official Arabic model (kg models download)", "kg.ner:load_recogniser")
register("ner", "project", "the project's Stanza model, trained on NewsFANE (shipped)", "kg.ner:load_recogniser")
register("ner", "dictionary", "the actor dictionary and title patterns alone (no statistical model)",
         "kg.recognise:recognise")
register("extractor", "rules", "hand-written rules over word order and prepositions",
         "kg.extract.rules:extract_interactions")
register("extractor", "learned", "classifiers trained on annotated SaudiNewsNet articles decide the rules' "
         "candidates (kg extract train)", "kg.extract.learned:extract_interactions")
