"""Colours of the visual exports: every interaction family stays distinguishable for colour-blind readers."""

import itertools
import math

from kg.export.style import FAMILY_COLOURS, hex_to_rgb, interaction_colours
from kg.extract.vocabulary import load_vocabulary

# Machado, Oliveira & Fernandes (2009), full-severity dichromacy, applied to linear RGB.
DICHROMACY = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
    "typical": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
}
#: Smallest CIELAB distance (ΔE*ab) between two families' colours as any reader sees them; about 2 is
#: the smallest difference anyone notices, lines need far more.
MIN_DISTANCE = 15


def _linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def _lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = rgb
    x, y, z = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b, \
        (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
    f = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in (x, y, z)]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def seen_as(colour: str, vision: str) -> tuple[float, float, float]:
    """The CIELAB colour a reader with ``vision`` sees for ``colour``."""
    rgb = [_linear(c) for c in hex_to_rgb(colour)]
    simulated = [min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb)))) for row in DICHROMACY[vision]]
    return _lab(tuple(simulated))


def closest_pair(colours: dict[str, str]) -> tuple[float, str, str]:
    return min((min(math.dist(seen_as(a, v), seen_as(b, v)) for v in DICHROMACY), first, second)
               for (first, a), (second, b) in itertools.combinations(colours.items(), 2))


def test_every_family_has_its_own_colour_for_every_reader():
    families = {t.family for t in load_vocabulary().types.values()}
    assert families <= set(FAMILY_COLOURS)
    distance, first, second = closest_pair(FAMILY_COLOURS)
    assert distance >= MIN_DISTANCE, (first, second, distance)


def test_visit_and_warn_are_far_apart():
    colours = interaction_colours(["visit", "warn"])
    assert min(math.dist(seen_as(colours["visit"], v), seen_as(colours["warn"], v)) for v in DICHROMACY) > 40


def test_narrower_types_share_their_family_colour():
    colours = interaction_colours(["meeting", "negotiation", "visit", "host-visit"])
    assert colours["negotiation"] == colours["meeting"] and colours["host-visit"] == colours["visit"]
    assert colours["meeting"] != colours["visit"]
