"""The risk engine: sanctions regimes and look-through ownership on arrays.

``evaluate_regime`` (OFAC, BIS, EU, UK as one least fixed point), ``owners`` /
``subsidiaries`` (integrated ownership, a metric), ``majority_control`` and
``ultimate_labels`` (control chains).  See docs/RISK.md.
"""

from graph.risk.control import majority_control, ultimate_labels
from graph.risk.finding import Finding
from graph.risk.lookthrough import owners, subsidiaries
from graph.risk.regimes import REGIMES, RegimeSpec, regime_spec
from graph.risk.result import RegimeResult
from graph.risk.sanctions import evaluate_regime

__all__ = [
    "REGIMES",
    "Finding",
    "RegimeResult",
    "RegimeSpec",
    "evaluate_regime",
    "majority_control",
    "owners",
    "regime_spec",
    "subsidiaries",
    "ultimate_labels",
]
