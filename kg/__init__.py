"""kg: Vietnamese news on party building in border areas -> a knowledge graph.

    from kg import read_article, build_graph
    doc = read_article(Path("seeds/article.txt"))   # Document with sentences, mentions, facts
    graph = build_graph([doc])                       # rdflib Graph

The names below are imported on first use: every command imports this package, and
most need neither the extraction rules nor rdflib.
"""

from importlib import import_module

_WHERE = {"Document": "kg.model", "Entity": "kg.model", "Fact": "kg.model", "Mention": "kg.model",
          "Sentence": "kg.model", "build": "kg.pipeline", "build_graph": "kg.graph",
          "collect_files": "kg.pipeline", "read_article": "kg.pipeline"}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    value = getattr(import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])
