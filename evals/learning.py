"""The one learner behind the shipped models (kind model, stage model): scikit-learn's logistic regression.

Why here: scikit-learn comes with the development install only (the review reads the learned weights
from JSON and never imports it); a missing install is a clear error, not a traceback.
"""

from __future__ import annotations

from typing import Any

from core.errors import ConfigError


def logistic_regression(regularisation: float) -> Any:
    """An unfitted LogisticRegression with inverse regularisation strength C = `regularisation`."""
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        raise ConfigError("learning a model needs scikit-learn: pip install -e '.[dev]'") from None
    return LogisticRegression(C=regularisation, max_iter=5000)
