"""COCOMO II.2000 post-architecture model: effort in person-months and development time.

Source: B. Boehm et al., *Software Cost Estimation with COCOMO II* (Prentice Hall, 2000) and the
COCOMO II Model Definition Manual, version 2.1 (USC Center for Software Engineering, 2000):
PM = A · Size^E · Π EM with A = 2.94, E = B + 0.01 · Σ SF, B = 0.91 (Eq. 1, Table 10: scale
factors; Tables 17–37: effort multipliers); TDEV = C · PM_NS^F · SCED% / 100 with C = 3.67,
F = D + 0.2 · (E − B), D = 0.28, PM_NS the effort without SCED (Eq. 14).

Ratings are words (``"Very Low"``, ``"VL"``, ``"Nominal"``, ``"High"``, ``"XH"`` …, any case) or a
number, which is taken as the driver's value itself (scale-factor points, or the multiplier).
A driver left out or blank is Nominal.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from pmokit.addin.errors import InputError

A, B, C, D = 2.94, 0.91, 3.67, 0.28

LEVELS = ("VL", "L", "N", "H", "VH", "XH")
_WORDS = {"VERYLOW": "VL", "VL": "VL", "LOW": "L", "L": "L", "NOMINAL": "N", "N": "N",
          "NOM": "N", "HIGH": "H", "H": "H", "VERYHIGH": "VH", "VH": "VH", "EXTRAHIGH": "XH",
          "XH": "XH", "EH": "XH", "EXTRAVERYHIGH": "XH"}

NA: float | None = None  # a rating the model does not define for that driver
# Model Definition Manual, Table 10 (values for VL, L, N, H, VH, XH).
SCALE_FACTORS: dict[str, tuple[float | None, ...]] = {
    "PREC": (6.20, 4.96, 3.72, 2.48, 1.24, 0.00),
    "FLEX": (5.07, 4.05, 3.04, 2.03, 1.01, 0.00),
    "RESL": (7.07, 5.65, 4.24, 2.83, 1.41, 0.00),
    "TEAM": (5.48, 4.38, 3.29, 2.19, 1.10, 0.00),
    "PMAT": (7.80, 6.24, 4.68, 3.12, 1.56, 0.00),
}
# Model Definition Manual, Tables 17–37 (post-architecture effort multipliers).
EFFORT_MULTIPLIERS: dict[str, tuple[float | None, ...]] = {
    "RELY": (0.82, 0.92, 1.00, 1.10, 1.26, NA),
    "DATA": (NA, 0.90, 1.00, 1.14, 1.28, NA),
    "CPLX": (0.73, 0.87, 1.00, 1.17, 1.34, 1.74),
    "RUSE": (NA, 0.95, 1.00, 1.07, 1.15, 1.24),
    "DOCU": (0.81, 0.91, 1.00, 1.11, 1.23, NA),
    "TIME": (NA, NA, 1.00, 1.11, 1.29, 1.63),
    "STOR": (NA, NA, 1.00, 1.05, 1.17, 1.46),
    "PVOL": (NA, 0.87, 1.00, 1.15, 1.30, NA),
    "ACAP": (1.42, 1.19, 1.00, 0.85, 0.71, NA),
    "PCAP": (1.34, 1.15, 1.00, 0.88, 0.76, NA),
    "PCON": (1.29, 1.12, 1.00, 0.90, 0.81, NA),
    "APEX": (1.22, 1.10, 1.00, 0.88, 0.81, NA),
    "PLEX": (1.19, 1.09, 1.00, 0.91, 0.85, NA),
    "LTEX": (1.20, 1.09, 1.00, 0.91, 0.84, NA),
    "TOOL": (1.17, 1.09, 1.00, 0.90, 0.78, NA),
    "SITE": (1.22, 1.09, 1.00, 0.93, 0.86, 0.80),
    "SCED": (1.43, 1.14, 1.00, 1.00, 1.00, NA),
}
# Schedule compression / stretch-out as a percentage of the nominal schedule (Eq. 14).
SCED_PERCENT = {"VL": 75.0, "L": 85.0, "N": 100.0, "H": 130.0, "VH": 160.0}

Ratings = Mapping[str, object] | None


def _level(argument: str, driver: str, rating: object) -> str:
    key = "".join(ch for ch in str(rating).upper() if ch.isalpha())
    if key not in _WORDS:
        raise InputError(argument, f"{driver}: '{rating}' is not a rating (Very Low, Low, Nominal, "
                         "High, Very High, Extra High, or a number)")
    return _WORDS[key]


def _values(argument: str, table: dict[str, tuple[float | None, ...]],
            ratings: Ratings) -> dict[str, tuple[float, str | None]]:
    """Each driver's (value, level word or None for a number), Nominal when not given."""
    chosen: dict[str, tuple[float, str | None]] = {name: (row[2] or 0.0, "N")
                                                   for name, row in table.items()}
    for name, rating in (ratings or {}).items():
        driver = str(name).strip().upper()
        if driver not in table:
            raise InputError(argument, f"'{name}' is not one of {', '.join(table)}")
        if rating is None or (isinstance(rating, str) and not rating.strip()):
            continue
        if isinstance(rating, (int, float)) and not isinstance(rating, bool):
            value = float(rating)
            if not math.isfinite(value) or value < 0:
                raise InputError(argument, f"{driver}: {rating} is not a value of 0 or more")
            chosen[driver] = (value, None)
            continue
        level = _level(argument, driver, rating)
        number = table[driver][LEVELS.index(level)]
        if number is None:
            defined = [lv for lv, v in zip(LEVELS, table[driver]) if v is not None]
            raise InputError(argument, f"{driver} has no {level} rating (it has "
                             f"{', '.join(defined)})")
        chosen[driver] = (number, level)
    return chosen


def _check_size(ksloc: float) -> float:
    size = float(ksloc)
    if not math.isfinite(size) or size <= 0:
        raise InputError("ksloc", f"{ksloc} is not a size above 0 (thousands of source lines)")
    return size


def exponent(scale_factors: Ratings = None) -> float:
    """The scale exponent E = 0.91 + 0.01 · Σ SF (1.0997 when all five are Nominal)."""
    return B + 0.01 * sum(value for value, _level in _values("scale_factors", SCALE_FACTORS,
                                                         scale_factors).values())


def effort(ksloc: float, scale_factors: Ratings = None,
           effort_multipliers: Ratings = None) -> float:
    """COCOMO II.2000 post-architecture effort in person-months: 2.94 · KSLOC^E · Π EM."""
    size = _check_size(ksloc)
    product = math.prod(value for value, _level in _values("effort_multipliers", EFFORT_MULTIPLIERS,
                                              effort_multipliers).values())
    return float(A * size ** exponent(scale_factors) * product)


def schedule(ksloc: float, scale_factors: Ratings = None,
             effort_multipliers: Ratings = None) -> float:
    """COCOMO II.2000 development time in months: 3.67 · PM_NS^F · SCED% / 100.

    PM_NS is the effort with SCED taken as Nominal; F = 0.28 + 0.2 · (E − 0.91). A SCED given as
    a number (a multiplier) has no schedule percentage, so the stretch is then taken as 100%.
    """
    size = _check_size(ksloc)
    drivers = _values("effort_multipliers", EFFORT_MULTIPLIERS, effort_multipliers)
    sced_level = drivers["SCED"][1]
    nominal = dict(drivers, SCED=(1.0, "N"))
    e = exponent(scale_factors)
    pm_ns = A * size ** e * math.prod(value for value, _level in nominal.values())
    f = D + 0.2 * (e - B)
    percent = SCED_PERCENT.get(sced_level or "N", 100.0)
    return float(C * pm_ns ** f * percent / 100.0)
