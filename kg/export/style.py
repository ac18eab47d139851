"""Colours and line styles shared by the visual exports (HTML explorer and Gephi), so a reader who
knows one picture can read the other."""

from __future__ import annotations

from collections.abc import Iterable

from kg.extract.vocabulary import load_vocabulary

#: Node colour per actor type (colour-blind-safe Okabe-Ito hues).
ACTOR_TYPE_COLOURS = {"PER": "#0072B2", "ORG": "#E69F00", "GPE": "#009E73", "LOC": "#CC79A7"}
#: Colour of an actor whose type is none of the above.
OTHER_ACTOR_COLOUR = "#999999"
#: Legend names of the actor types, Arabic first.
ACTOR_TYPE_NAMES = {"PER": "شخص · person", "ORG": "منظمة · organisation", "GPE": "دولة/كيان · state",
                    "LOC": "مكان · place"}

#: Colour per interaction family (a type and its narrower types, e.g. meeting and negotiation, share one):
#: the eight Okabe-Ito hues (with a dark grey for black's neighbour) stay apart for protan, deutan and tritan
#: readers; the least frequent family takes the pale yellow.
FAMILY_COLOURS = {"meeting": "#D55E00", "call": "#56B4E9", "visit": "#009E73", "statement": "#0072B2",
                  "urge": "#E69F00", "warn": "#000000", "demand": "#CC79A7", "armed-exchange": "#666666",
                  "intent-to-meet": "#F0E442"}
#: Colour of an interaction type outside the vocabulary.
OTHER_INTERACTION_COLOUR = "#999999"

#: Line style per interaction status, in Gephi's vocabulary (``viz:shape``); the HTML page maps them to
#: dash patterns.
STATUS_LINES = {"held": "solid", "planned": "dashed", "cancelled": "dotted"}


def actor_colour(actor_type: str) -> str:
    """Return the hex colour of an actor type.

    >>> actor_colour("PER")
    '#0072B2'
    """
    return ACTOR_TYPE_COLOURS.get(actor_type, OTHER_ACTOR_COLOUR)


def interaction_colours(types: Iterable[str]) -> dict[str, str]:
    """Return the colour of each interaction type, in sorted type order: its family's colour (see
    ``FAMILY_COLOURS``), or ``OTHER_INTERACTION_COLOUR`` for a type the vocabulary does not know.

    >>> interaction_colours(["negotiation", "meeting", "warn", "gossip"])
    {'gossip': '#999999', 'meeting': '#D55E00', 'negotiation': '#D55E00', 'warn': '#000000'}
    """
    known = load_vocabulary().types
    return {interaction_type: FAMILY_COLOURS.get(known[interaction_type].family, OTHER_INTERACTION_COLOUR)
            if interaction_type in known else OTHER_INTERACTION_COLOUR
            for interaction_type in sorted(set(types))}


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    """Return the red, green and blue channels of a ``#RRGGBB`` colour.

    >>> hex_to_rgb("#0072B2")
    (0, 114, 178)
    """
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def node_size(degree: int) -> float:
    """Return a node's drawn size from its number of interaction edges: grows with the square root so
    hubs stand out without hiding everyone else.

    >>> node_size(0), node_size(4)
    (10.0, 22.0)
    """
    return 10.0 + 6.0 * degree ** 0.5
