"""kg: Vietnamese news on party building in border areas -> a knowledge graph.

    from kg import read_article, build_graph
    doc = read_article(Path("seeds/article.txt"))   # Document with sentences, mentions, facts
    graph = build_graph([doc])                       # rdflib Graph
"""

from kg.graph import build_graph
from kg.model import Document, Entity, Fact, Mention, Sentence
from kg.pipeline import build, collect_files, read_article

__all__ = ["Document", "Entity", "Fact", "Mention", "Sentence", "build", "build_graph",
           "collect_files", "read_article"]
