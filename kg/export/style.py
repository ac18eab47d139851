"""Colours and line styles shared by the visual exports (HTML explorer and Gephi), so a reader who
knows one picture can read the other."""

from __future__ import annotations

from collections.abc import Iterable

#: Node colour per actor type (colour-blind-safe Okabe-Ito hues).
ACTOR_TYPE_COLOURS = {"PER": "#0072B2", "ORG": "#E69F00", "GPE": "#009E73", "LOC": "#CC79A7"}
#: Colour of an actor whose type is none of the above.
OTHER_ACTOR_COLOUR = "#999999"
#: Legend names of the actor types, Arabic first.
ACTOR_TYPE_NAMES = {"PER": "شخص · person", "ORG": "منظمة · organisation", "GPE": "دولة/كيان · state",
                    "LOC": "مكان · place"}

#: Fixed colours for the common interaction types; other types take the next free colour of the palette.
INTERACTION_COLOURS = {"meeting": "#D55E00", "call": "#56B4E9", "visit": "#009E73"}
_PALETTE = ("#8E44AD", "#B8860B", "#2C3E50", "#C0392B", "#16A085", "#7F8C8D", "#F39C12", "#1F618D")

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
    """Return a colour for each interaction type: the fixed one if it has one, otherwise palette
    colours handed out in sorted type order (so the same set of types always gets the same colours).

    >>> interaction_colours(["talks", "meeting"])
    {'meeting': '#D55E00', 'talks': '#8E44AD'}
    """
    colours = {}
    spare = 0
    for interaction_type in sorted(set(types)):
        if interaction_type in INTERACTION_COLOURS:
            colours[interaction_type] = INTERACTION_COLOURS[interaction_type]
        else:
            colours[interaction_type] = _PALETTE[spare % len(_PALETTE)]
            spare += 1
    return colours


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
