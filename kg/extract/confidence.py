"""How far a fact is trusted: by the rule that read it, less when context filled a part in."""

from __future__ import annotations

from functools import lru_cache

from kg.errors import RuleFileError
from kg.extract.lexicon import read_toml


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, float], float]:
    data = read_toml("confidence.toml")
    rules = {k: float(v) for k, v in data.get("rules", {}).items()}
    factor = float(data.get("context_factor", 1.0))
    if not all(0 <= v <= 1 for v in [*rules.values(), factor]):
        raise RuleFileError("kg/rules/confidence.toml: confidences lie between 0 and 1")
    return rules, factor


def confidence(rule: str, from_context: bool = False) -> float:
    rules, factor = _table()
    if rule not in rules:
        raise RuleFileError(f"kg/rules/confidence.toml: no confidence for rule {rule!r}")
    return round(rules[rule] * (factor if from_context else 1.0), 2)
