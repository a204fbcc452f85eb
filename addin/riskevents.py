"""Risk events on a schedule: register risks that, when they occur, add working days to tasks.

How Primavera Risk Analysis and Safran Risk drive a schedule simulation from the risk register,
and what AACE RP 57R-09 (Hulett, *Integrated Cost and Schedule Risk Analysis Using Risk Drivers
and Monte Carlo Simulation of a CPM Model*) asks of it: a risk has a probability, a three-point
impact and the tasks it hits. In each iteration it occurs with its probability (a Latin hypercube
stratified Bernoulli draw, so over n iterations it occurs in p·n of them to within one) and, when
it does, adds one Beta-PERT draw of its min / likely / max working days to every task it hits —
the same days to each of them in that iteration: one event delays all its tasks alike. pmokit
models the impact as days added (the register's columns); 57R-09's multiplicative factor on the
durations is not offered.

Common random numbers. Each risk draws from random streams of its own
(:mod:`pmokit.addin.streams`), numbered by the risk's ``key`` — never by its position among the
risks given — and the tasks' durations from the seed's durations stream. So adding, removing or
mitigating one risk leaves every other risk's draws and every task duration unchanged, and on a
network of FS and SS links a finish percentile can only fall when a risk is removed (FF and SF
links allow the CPM duration paradox: see :mod:`pmokit.addin.sra`): the law a "which risks drive
the date" ranking needs, the comparison being between equal random numbers, not two noisy runs.

Mitigation: the post-mitigation probability, and the most likely days after mitigation with the
min and max scaled by the same factor (likely after ÷ likely before). Scaling O, M and P alike
leaves the Beta-PERT shape unchanged, so in each iteration the mitigated risk adds exactly that
factor times what it would have added, and occurs whenever its chance draw falls below the new
probability.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from pmokit.addin import sampling, streams
from pmokit.addin.errors import InputError
from pmokit.addin.predecessors import task_id

FloatArray = NDArray[np.float64]



@dataclass(frozen=True)
class RiskEvent:
    """One register risk as the schedule sees it.

    ``key`` names its random stream (the register row or risk id: see the module notes);
    ``probability`` is its chance in [0, 1]; ``low`` / ``likely`` / ``high`` the working days it
    adds to each task in ``tasks`` (indices into the network's tasks) when it occurs.
    ``residual_probability`` and ``residual_likely`` are the post-mitigation figures (None: as
    before mitigation).
    """

    key: str
    probability: float
    low: float
    likely: float
    high: float
    tasks: tuple[int, ...]
    residual_probability: float | None = None
    residual_likely: float | None = None

    @property
    def mitigation_factor(self) -> float:
        """What mitigation multiplies the days by: likely after ÷ likely before (1 if unchanged)."""
        if self.residual_likely is None or self.residual_likely == self.likely:
            return 1.0
        return self.residual_likely / self.likely

    def mitigated(self) -> RiskEvent:
        """The risk once its mitigation is done: post-mitigation probability and days."""
        factor = self.mitigation_factor
        chance = self.probability if self.residual_probability is None \
            else self.residual_probability
        return replace(self, probability=chance, low=self.low * factor,
                       likely=self.likely * factor, high=self.high * factor,
                       residual_probability=None, residual_likely=None)


@dataclass(frozen=True)
class RiskDraws:
    """Each risk's random numbers over the iterations, risks down and iterations across.

    ``chance``: uniforms in [0, 1); the risk occurs in an iteration when its chance is below its
    probability. ``days``: the Beta-PERT days it adds there if it occurs, at the registered
    figures (a mitigated risk adds ``mitigation_factor`` times these).
    """

    chance: FloatArray
    days: FloatArray

    def added(self, probability: FloatArray, factor: FloatArray, cols: slice) -> FloatArray:
        """Days each risk adds in the iterations ``cols`` at the given probabilities and factors
        (0 where it does not occur): risks × iterations."""
        out: FloatArray = self.days[:, cols] * factor[:, None]
        out[self.chance[:, cols] >= probability[:, None]] = 0.0
        return out


def _stream_number(key: str, part: str) -> int:
    """The stream (:mod:`pmokit.addin.streams`) of one part ("occurrence" or "impact") of the
    risk ``key``: 63 bits of the BLAKE2b digest of both (stable across runs and platforms, unlike
    Python's ``hash``), with the top bit set so it can never be one of pmokit's own small stream
    numbers."""
    digest = hashlib.blake2b(f"{part}\x00{key}".encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little") | (1 << 62)


def draw(risks: Sequence[RiskEvent], iterations: int, seed: int) -> RiskDraws:
    """Draw every risk's chance and days for ``iterations`` iterations, each from its own streams.

    A risk's numbers depend only on ``seed``, its key and its registered low / likely / high,
    never on the other risks: every uniform of :mod:`pmokit.addin.streams` is a function of
    (seed, stream, task, iteration), and each risk has a stream of its own for each part.
    """
    n = int(iterations)
    chance = np.empty((len(risks), n))
    days = np.empty((len(risks), n))
    for row, risk in enumerate(risks):
        occurs = streams.stream(seed, _stream_number(risk.key, "occurrence"), 1, n)
        chance[row] = occurs.uniforms(0, n)[0]
        impact = sampling.Sampler([risk.low], [risk.likely], [risk.high], n, seed=seed,
                                  stream=_stream_number(risk.key, "impact"))
        days[row] = impact.block(0, n)[0]
    return RiskDraws(chance, days)


def register(task_ids: Sequence[str], keys: Sequence[str], probabilities: Sequence[float],
             lows: Sequence[float], likelies: Sequence[float], highs: Sequence[float],
             tasks: Sequence[str], residual_probabilities: Sequence[float | None] | None = None,
             residual_likelies: Sequence[float | None] | None = None) -> list[RiskEvent]:
    """Check a risk register's schedule columns and turn each row into a :class:`RiskEvent`.

    ``tasks`` holds, per risk, the ids of the tasks it delays as text (``"T1, T4"``, comma- or
    semicolon-separated), matched against ``task_ids``. Raises :class:`InputError` naming the
    argument (``risk_probabilities``, ``risk_min_days``, ``risk_likely_days``,
    ``risk_max_days``, ``risk_tasks``, ``mitigated_probabilities``, ``mitigated_likely_days``)
    and the register row (1-based).
    """
    count = len(keys)
    columns = {"risk_probabilities": probabilities, "risk_min_days": lows,
               "risk_likely_days": likelies, "risk_max_days": highs, "risk_tasks": tasks}
    if residual_probabilities is not None:
        columns["mitigated_probabilities"] = residual_probabilities
    if residual_likelies is not None:
        columns["mitigated_likely_days"] = residual_likelies
    for name, column in columns.items():
        if len(column) != count:
            raise InputError(name, f"has {len(column)} rows but the register has {count}")
    index = {name: i for i, name in enumerate(task_ids)}
    events = []
    for i in range(count):
        row = i + 1
        chance = _probability(probabilities[i], "risk_probabilities", row)
        low = _days(lows[i], "risk_min_days", row)
        likely = _days(likelies[i], "risk_likely_days", row)
        high = _days(highs[i], "risk_max_days", row)
        if low > likely:
            raise InputError("risk_min_days", f"{low:g} is greater than the likely {likely:g}",
                             row)
        if likely > high:
            raise InputError("risk_likely_days", f"{likely:g} is greater than the max {high:g}",
                             row)
        hit = _tasks(tasks[i], index, row)
        after_chance = None if residual_probabilities is None else residual_probabilities[i]
        if after_chance is not None:
            after_chance = _probability(after_chance, "mitigated_probabilities", row)
        after_likely = None if residual_likelies is None else residual_likelies[i]
        if after_likely is not None:
            after_likely = _days(after_likely, "mitigated_likely_days", row)
            if likely == 0.0 and after_likely != 0.0:
                raise InputError("mitigated_likely_days", f"{after_likely:g} cannot scale a "
                                 "likely of 0 days (min and max scale with the likely)", row)
        events.append(RiskEvent(keys[i], chance, low, likely, high, hit, after_chance,
                                after_likely))
    return events


def _number(value: float, argument: str, row: int) -> float:
    number = float(value)
    if math.isnan(number):
        raise InputError(argument, "is missing", row)
    if not math.isfinite(number):
        raise InputError(argument, f"{number} is not a finite number", row)
    return number


def _probability(value: float, argument: str, row: int) -> float:
    chance = _number(value, argument, row)
    if not 0.0 <= chance <= 1.0:
        raise InputError(argument, f"{chance:g} is not between 0 and 1 (use 0.3 or 30% for a 30% "
                         "chance)", row)
    return chance


def _days(value: float, argument: str, row: int) -> float:
    days = _number(value, argument, row)
    if days < 0:
        raise InputError(argument, f"{days:g} is negative: give the working days the risk adds",
                         row)
    return days


def _tasks(text: str, index: dict[str, int], row: int) -> tuple[int, ...]:
    names = [task_id(part) for part in str(text).replace(";", ",").split(",") if part.strip()]
    if not names:
        raise InputError("risk_tasks", "is blank: name the task ids the risk delays (T1, T4)",
                         row)
    hit: list[int] = []
    for name in names:
        if name not in index:
            raise InputError("risk_tasks", f"unknown task id '{name}' (no task has it)", row)
        if index[name] not in hit:
            hit.append(index[name])
    return tuple(hit)
