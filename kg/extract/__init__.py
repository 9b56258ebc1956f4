"""Extraction: a `Document` with sentences -> its mentions, entities and facts.

Reading one article is a pure function of that article (and the rule files):
`extract(doc)` fills `doc.sentences`, `doc.mentions`, `doc.entities`, `doc.facts`.
"""

from __future__ import annotations

from kg.extract.directives import directives
from kg.extract.figures import YearContext, figures
from kg.extract.lexicon import lexicon
from kg.extract.officials import officials
from kg.extract.scan import Raw, scan
from kg.extract.staffing import staffing
from kg.gazetteer import gazetteer
from kg.model import PLACE_LEVEL, Document, Mention
from kg.nlp import split_sentences
from kg.resolve import Resolved, Resolver
from kg.text import whole_words


def extract(doc: Document) -> Document:
    lex = lexicon()
    doc.sentences = split_sentences(doc)
    raws = [scan(sentence.text, lex) for sentence in doc.sentences]
    resolver = Resolver(doc, lex, gazetteer())
    resolver.link_places(raws)
    raws = _known_names(doc, raws, resolver)
    years = YearContext(doc)
    for sentence, sentence_raws in zip(doc.sentences, raws):
        resolver.new_sentence(sentence.paragraph)
        unit_before = resolver.focus.get("unit") or resolver.default.get("unit")
        mentions = resolver.resolve(sentence_raws)
        years.read(sentence)
        _note_stationing(resolver, sentence.text, mentions, lex)
        for mention in mentions:
            entity = resolver.entities[mention.key]
            # "Tỉnh ủy Hà Giang" names the province too
            named = [entity] + ([resolver.entities[entity.place]] if entity.place else [])
            for each in named:
                doc.mentions.append(Mention(sentence.start + mention.start, sentence.start + mention.end,
                                            each.category, each.label, each.key, sentence.index))
        doc.facts += officials(sentence, mentions, lex, resolver.entities, resolver.committee_of_org)
        doc.facts += staffing(sentence, mentions, resolver.post_in_context())
        doc.facts += figures(sentence, mentions, years, unit_before)
        found, cited = directives(sentence, mentions)
        for entity in found:
            resolver.entities.setdefault(entity.key, entity)
        doc.facts += cited
    resolver.place_posts()
    doc.entities = resolver.entities
    doc.facts = _one_figure_per_place(doc)
    return doc


def _one_figure_per_place(doc: Document) -> list:
    """"Xã A có 10 bản" and "Đảng bộ xã A ... 10/10 bản": one figure about one commune."""
    seen = set()
    kept = []
    for fact in doc.facts:
        if fact.kind == "statistic":
            subject = doc.entities[fact.get("subject")]
            anchor = subject.place if subject.kind in ("party_org", "party_committee") and \
                subject.place else subject.key
            key = (anchor, fact.get("measure"), fact.get("value"), fact.get("year"))
            if key in seen:
                continue
            seen.add(key)
        kept.append(fact)
    return kept


def _known_names(doc: Document, raws: list[list[Raw]], resolver: Resolver) -> list[list[Raw]]:
    """"Kỳ Sơn có 21 xã": once an article has named huyện Kỳ Sơn, the bare name is that district.

    Only names of two syllables or more, of one place type in the article, and never
    inside another mention.
    """
    types: dict[str, set[str]] = {}
    for raw in (r for sentence in raws for r in sentence):
        if raw.category == "place" and raw.name:
            types.setdefault(raw.name, set()).add(raw.kind)
    known = {name: kinds.pop() for name, kinds in types.items()
             if len(kinds) == 1 and len(name.split()) >= 2 and PLACE_LEVEL.get(next(iter(kinds))) in
             ("province", "district", "commune")}
    if not known:
        return raws
    longest_first = sorted(known, key=len, reverse=True)
    out = []
    for sentence, found in zip(doc.sentences, raws):
        extra = [Raw(start, end, "place", known[name], name, "known-name")
                 for start, end, name in whole_words(sentence.text, longest_first)
                 if not any(r.start <= start and end <= r.end for r in found)]
        out.append(sorted(found + extra, key=lambda r: (r.start, -r.end)) if extra else found)
    return out


def _note_stationing(resolver: Resolver, text: str, mentions: list[Resolved], lex) -> None:
    """Where a post stands: "Đồn A đóng chân trên địa bàn xã B", "xã B, nơi Đồn A đóng quân",
    and, more loosely, "trên địa bàn huyện C" in a sentence that names posts."""
    posts = [m for m in mentions if m.raw.kind == "border_post"
             or (m.raw.category == "ref" and m.raw.kind == "post")]
    if not posts:
        return
    for m in lex.stationed.finditer(text):  # the post named last before the verb
        before = [p for p in posts if p.end <= m.start()]
        place = resolver.lookup_admin("xã", m["name"])
        if before and place:
            resolver.note_post_place(before[-1].key, place, 1)
    for m in lex.stationed_before.finditer(text):  # the post named inside the phrase
        inside = [p for p in posts if m.start() <= p.start and p.end <= m.end()]
        place = resolver.lookup_admin(m["ptype"], m["name"])
        if inside and place:
            resolver.note_post_place(inside[0].key, place, 1)
    for m in lex.area.finditer(text):
        place = resolver.lookup_admin(m["ptype"], m["name"])
        for post in posts if place else []:
            resolver.note_post_place(post.key, place, 4)
