"""The risk engine: sanctions regimes and look-through ownership on arrays.

``evaluate_regime`` (OFAC, BIS, EU, UK as one least fixed point), ``owners`` /
``subsidiaries`` (integrated ownership, a metric), ``majority_control`` and
``ultimate_labels`` (control chains).  Against a store: ``exposure`` (one entity,
all regimes, explained), ``regime_report`` (one regime, whole graph),
``ownership.owners`` / ``ownership.subsidiaries`` (look-through from a store),
``path_report`` and ``screening.screen``.  See docs/RISK.md.
"""

from graph.risk.control import majority_control, ultimate_labels
from graph.risk.exposure import ExposureReport, exposure
from graph.risk.finding import Finding
from graph.risk.lookthrough import owners, subsidiaries
from graph.risk.paths import path_report
from graph.risk.regime_report import regime_report
from graph.risk.regimes import REGIMES, RegimeSpec, regime_spec
from graph.risk.result import RegimeResult
from graph.risk.sanctions import evaluate_regime

__all__ = [
    "REGIMES",
    "ExposureReport",
    "Finding",
    "RegimeResult",
    "RegimeSpec",
    "evaluate_regime",
    "exposure",
    "majority_control",
    "owners",
    "path_report",
    "regime_report",
    "regime_spec",
    "subsidiaries",
    "ultimate_labels",
]
