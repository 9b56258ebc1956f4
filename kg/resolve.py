"""Which entity each mention is: gazetteer links and the context of the article.

Two passes over one article:
1. every province, district and commune it names is linked to the gazetteer,
   using the parents the text writes next to it ("xã A, huyện B") and the
   other units of the same article to choose between places of one name;
2. the sentences are walked in order, keeping the place, post and party unit
   in focus, so that "Đảng ủy xã" or "Bộ đội Biên phòng tỉnh" with no name
   resolve to the commune or province the article is talking about.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from kg.extract.lexicon import Lexicon
from kg.extract.scan import Raw
from kg.gazetteer import Gazetteer, Unit, ancestors, successor_2025
from kg.model import LEVELS, PLACE_LEVEL, Document, Entity
from kg.text import canonical_spelling, fold, slug

ADMIN = ("province", "district", "commune")


@dataclass(frozen=True)
class Resolved:
    """A mention of one sentence and the entity it is."""

    raw: Raw
    key: str
    from_context: bool = False  # named by the article around it, not by its own words

    @property
    def start(self) -> int:
        return self.raw.start

    @property
    def end(self) -> int:
        return self.raw.end


class Resolver:
    def __init__(self, doc: Document, lex: Lexicon, gaz: Gazetteer) -> None:
        self.doc, self.lex, self.gaz = doc, lex, gaz
        self.entities: dict[str, Entity] = {}
        self.admin: dict[tuple[str, str], str] = {}  # (level, folded name) -> key
        self.focus: dict[str, str] = {}
        self.sentence = 0  # the sentence being resolved
        self.paragraph = -1
        self.last_commune: str | None = None
        self._context_used = False
        self.unit_sentence = -1  # the sentence that set focus["unit"]
        self.default: dict[str, str] = {}  # level -> the one unit of that level the article names
        self.post_places: dict[str, list[tuple[int, str]]] = defaultdict(list)
        # one village per name in an article: the commune written next to it in one place
        # holds for its other mentions too
        self.village_parent: dict[tuple[str, str], str] = {}

    # -- pass 1: the article's administrative units --------------------------------

    def link_places(self, raws: list[list[Raw]]) -> None:
        names: dict[tuple[str, str], dict] = {}
        self.times_named: Counter[str] = Counter()  # entity key -> how often the article names it
        for raw in (r for sentence in raws for r in sentence):
            if raw.kind == "border_post" and raw.name:
                self.times_named[f"post:{fold(raw.name)}"] += 1
            for level, ptype, name in self._admin_names(raw):
                self.times_named[f"{level}:{fold(name)}"] += 1
                entry = names.setdefault((level, fold(name)), {"name": name, "type": ptype, "hints": set()})
                if raw.parent_hint and raw.category == "place":
                    entry["hints"].add(raw.parent_hint[1])
        context: set[Unit] = set()
        for level in ADMIN:
            for (lvl, folded), entry in names.items():
                if lvl != level:
                    continue
                unit = self._link(level, entry, context)
                if unit:
                    context.add(unit)
                    context.update(ancestors(unit))
                    self.admin[(level, folded)] = self._unit_entity(unit, entry["name"])
        for (level, folded), entry in names.items():
            if (level, folded) not in self.admin:
                # a spelling the gazetteer lacks: one unit in the article's area spelt
                # with other tone marks is the same place, the text's spelling an altLabel
                variants = [u for u in self.gaz.find_variant(level, entry["name"])
                            if any(a in context for a in ancestors(u))]
                if len(variants) == 1:
                    self.admin[(level, folded)] = self._unit_entity(variants[0], entry["name"])
                    continue
                parent = self._parent_of_unlinked(level, entry, context)
                self.admin[(level, folded)] = self._place_entity(entry["type"], entry["name"], parent)
        for level in ADMIN:
            named = {k: self.times_named[f"{lvl}:{folded}"] for (lvl, folded), k in self.admin.items()
                     if lvl == level}
            implied = {self._key(u): 1 for u in context if u.level == level}
            for candidates in (named, implied):
                topic = _topic(candidates)
                if topic:
                    self.default[level] = topic
                    break
        for raw in (r for sentence in raws for r in sentence):
            hint = raw.parent_hint
            if raw.category == "place" and PLACE_LEVEL.get(raw.kind) == "village" and hint \
                    and PLACE_LEVEL.get(hint[0]) == "commune":
                commune = self.admin.get(("commune", fold(hint[1])))
                if commune:
                    self.village_parent.setdefault((raw.kind, fold(raw.name)), commune)
        # the unit the article is about: the one it names most, the larger on a tie
        counts = [(self.times_named[f"{lvl}:{folded}"], -ADMIN.index(lvl), k)
                  for (lvl, folded), k in self.admin.items()]
        if counts:
            self.default["unit"] = max(counts)[2]
        if "province" not in self.default:
            for line in self.doc.header:  # a place tag such as "Hà Giang" above the text
                units = self.gaz.find("province", line)
                if len(units) == 1:
                    self.default["province"] = self._unit_entity(units[0], None)

    def _admin_names(self, raw: Raw):
        if raw.category == "place" and PLACE_LEVEL.get(raw.kind) in ADMIN and raw.name:
            yield PLACE_LEVEL[raw.kind], raw.kind, raw.name
        elif raw.category == "org" and raw.name:
            ptype = self._org_place_type(raw)
            if ptype and PLACE_LEVEL.get(ptype) in ADMIN:
                yield PLACE_LEVEL[ptype], ptype, raw.name
        if raw.parent_hint and PLACE_LEVEL.get(raw.parent_hint[0]) in ADMIN:
            ptype, name = raw.parent_hint
            yield PLACE_LEVEL[ptype], ptype, name

    def _parent_of_unlinked(self, level: str, entry: dict, context: set[Unit]) -> str | None:
        """The hinted parent, or the one unit a level up that the article is about."""
        above = ADMIN[ADMIN.index(level) - 1] if level != "province" else None
        if not above:
            return None
        for hint in entry["hints"]:
            found = [u for u in context if u.level == above and fold(u.name) == fold(hint)]
            if len(found) == 1:
                return self._unit_entity(found[0], None)
        nearby = [u for u in context if u.level == above]
        return self._unit_entity(nearby[0], None) if len(nearby) == 1 else None

    def _link(self, level: str, entry: dict, context: set[Unit]) -> Unit | None:
        candidates = self.gaz.find(level, entry["name"], entry["type"])
        hints = {fold(h) for h in entry["hints"]}
        if hints:
            hinted = [u for u in candidates if any(fold(a.name) in hints for a in ancestors(u))]
            candidates = hinted or candidates
        if len(candidates) > 1:
            for wanted in ("district", "province"):
                near = [u for u in candidates if any(a in context for a in ancestors(u) if a.level == wanted)]
                if near:
                    candidates = near
                    break
        return candidates[0] if len(candidates) == 1 else None

    def _key(self, unit: Unit) -> str:
        return f"place/{unit.level}-{unit.code}"

    def _unit_entity(self, unit: Unit, written: str | None) -> str:
        key = self._key(unit)
        parent = self._unit_entity(unit.parent, None) if unit.parent else None
        alt = (canonical_spelling(written),) if written and fold(written) != fold(unit.name) else ()
        old = self.entities.get(key)
        self.entities[key] = Entity(
            key=key, category="place", kind=unit.type, label=unit.name, parent=parent,
            code=unit.code, lat=unit.lat, long=unit.long, successor=successor_2025(unit),
            alt_labels=tuple(sorted(set(alt + (old.alt_labels if old else ())))),
            mentioned=bool(old and old.mentioned),
        )
        return key

    def _place_entity(self, ptype: str, name: str, parent: str | None) -> str:
        base = parent or "place"
        key = f"{base}/{slug(ptype)}-{slug(name)}"
        if key not in self.entities:
            self.entities[key] = Entity(key=key, category="place", kind=ptype,
                                        label=canonical_spelling(name), parent=parent, mentioned=False)
        return key

    # -- pass 2: sentence by sentence, with the focus of the article ---------------

    def new_sentence(self, paragraph: int) -> None:
        """A paragraph opens a new topic: what was in focus before is no longer a safe
        guess; the article-wide unit of each level (when there is only one) still is."""
        if paragraph != self.paragraph:
            self.focus.clear()
            self.paragraph = paragraph

    def resolve(self, raws: list[Raw]) -> list[Resolved]:
        self.sentence += 1
        out: list[Resolved] = []
        for raw in raws:
            self._context_used = False
            key = self._resolve_one(raw)
            if key:
                out.append(Resolved(raw, key, self._context_used or raw.category == "ref"))
        return out

    def _resolve_one(self, raw: Raw) -> str | None:
        if raw.category == "place":
            return self._place_mention(raw.kind, raw.name, raw.parent_hint, raw.in_parens)
        if raw.category == "org":
            key = self._org(raw)
            if key and raw.kind == "village_branch":
                self.focus["branch"] = key
            return key
        if raw.category == "ref":
            return self._ref(raw.kind)
        name = canonical_spelling(raw.name)
        key = f"person/{slug(name)}"
        self.entities.setdefault(key, Entity(key=key, category="person", kind="official", label=name))
        self.focus["person"] = key
        return key

    def _place_mention(self, ptype, name, hint, in_parens=False) -> str | None:
        level = PLACE_LEVEL.get(ptype)
        if not level or not name:
            return None
        if level in ADMIN:
            key = self.admin.get((level, fold(name)))
        else:
            parent = None
            if hint and PLACE_LEVEL.get(hint[0]) == "commune":
                parent = self.admin.get(("commune", fold(hint[1])))
            village = (ptype, fold(name))
            # a village lies in the commune last talked about, in this paragraph or before
            parent = parent or self.village_parent.get(village) or self.focus.get("commune") \
                or self.last_commune or self.default.get("commune")
            if parent:
                self.village_parent.setdefault(village, parent)
            key = self._place_entity(ptype, name, parent)
        if key:
            self.entities[key] = replace(self.entities[key], mentioned=True)
            self._focus_place(key, in_parens)
        return key

    def _focus_place(self, key: str, in_parens: bool) -> None:
        entity = self.entities[key]
        level = PLACE_LEVEL.get(entity.kind)
        self.focus[level] = key
        if level == "commune":
            self.last_commune = key
        if level in ADMIN and not in_parens and not self._names_parent_of_unit(key):
            self.focus["unit"] = key
            self.unit_sentence = self.sentence
        parent = entity.parent
        while parent and entity.code:  # a gazetteer unit brings its district and province
            up = self.entities[parent]
            self.focus[PLACE_LEVEL.get(up.kind)] = parent
            parent = up.parent

    def _names_parent_of_unit(self, key: str) -> bool:
        """"xã A ... của huyện B": B, in A's sentence, only places A; A stays in focus."""
        unit = self.focus.get("unit")
        if not unit or self.unit_sentence != self.sentence:
            return False
        parent = self.entities[unit].parent
        while parent:
            if parent == key:
                return True
            parent = self.entities[parent].parent
        return False

    def post_in_context(self) -> str | None:
        return self.focus.get("post") or self._topic_post()

    def _topic_post(self) -> str | None:
        named = {k.removeprefix("post:"): n for k, n in self.times_named.items() if k.startswith("post:")}
        name = _topic(named)
        if not name:
            return None
        self._context_used = True
        return next((k for k, e in self.entities.items() if e.kind == "border_post"
                     and _post_name(e.label) == name),
                    None)

    def _in_focus(self, level: str) -> str | None:
        self._context_used = True
        return self.focus.get(level) or self.default.get(level)

    def _org_place_type(self, raw: Raw) -> str | None:
        pattern = next((p for p in self.lex.orgs if p.id == raw.rule), None)
        if not pattern or not pattern.place:
            return None
        if pattern.place.startswith("{"):
            value = (raw.group(pattern.place.strip("{}")) or "").lower()
            return self.lex.committee_place.get(value, value)
        return pattern.place

    def _org(self, raw: Raw) -> str | None:
        if raw.kind == "border_post":
            return self._post(raw)
        pattern = next((p for p in self.lex.orgs if p.id == raw.rule), None)
        if pattern is None:
            return None
        ptype = self._org_place_type(raw)
        place = None
        if ptype:
            level = PLACE_LEVEL[ptype]
            if raw.name:
                hint = raw.parent_hint
                place = self._place_mention(ptype, raw.name, hint, raw.in_parens)
            else:
                place = self._in_focus(level)
            if not place:
                return None
        groups = {k: self.lex.canonical_word(v) for k, v in raw.groups}
        if place:
            groups["name"] = self.entities[place].label
        label = canonical_spelling(" ".join(pattern.label.format_map(_Blank(groups)).split()))
        if pattern.of == "post":
            return self.committee_of_org(self._post(raw))
        if pattern.of == "border_guard":
            guard = self._border_guard(place)
            return self.committee_of_org(guard) if guard else None
        key = f"org/{slug(label)}" if not place else f"org/{slug(_without(label, groups.get('name')))}/{place}"
        self._org_entity(key, raw.kind, label, place)
        if raw.kind == "border_guard" and place:
            self.focus["province"] = place
        return key

    def _org_entity(self, key: str, kind: str, label: str, place: str | None = None,
                    parent: str | None = None) -> str:
        self.entities.setdefault(key, Entity(key=key, category="org", kind=kind, label=label,
                                             place=place, parent=parent))
        return key

    def _post(self, raw: Raw) -> str:
        gate = self.lex.canonical_word((raw.group("gate") or "").strip())
        name = canonical_spelling(raw.name or "")
        label = " ".join(f"Đồn Biên phòng {gate} {name}".split())
        key = self._org_entity(f"org/{slug(label)}", "border_post", label)
        self.focus["post"] = key
        if raw.parent_hint:
            ptype, pname = raw.parent_hint
            level = PLACE_LEVEL.get(ptype)
            place = self.admin.get((level, fold(pname))) if level in ADMIN else None
            if place:
                self.post_places[key].append((3, place))
        return key

    def _border_guard(self, province: str | None) -> str | None:
        province = province or self._in_focus("province")
        if not province:
            return None
        label = f"Bộ đội Biên phòng tỉnh {self.entities[province].label}"
        return self._org_entity(f"org/bo-doi-bien-phong-tinh/{province}", "border_guard", label, province)

    def _committee_of(self, place: str | None) -> str | None:
        if not place:
            return None
        entity = self.entities[place]
        level = PLACE_LEVEL.get(entity.kind)
        word = {"commune": f"Đảng ủy {entity.kind}", "district": "Huyện ủy", "province": "Tỉnh ủy"}.get(level)
        if not word:
            return None
        return self._org_entity(f"org/{slug(word)}/{place}", "party_committee", f"{word} {entity.label}",
                                place)

    def _ref(self, refers: str) -> str | None:
        if refers in ("commune", "district", "province"):
            return self._in_focus(refers)
        if refers == "post":
            return self.focus.get("post") or self._topic_post()
        if refers in ("branch", "person"):  # only within the paragraph that named them
            return self.focus.get(refers)
        if refers == "border_guard":
            return self._border_guard(None)
        if refers == "committee":
            return self._committee_of(self.focus.get("unit") or self.default.get("commune"))
        if refers == "post_committee":
            post = self.focus.get("post") or self._topic_post()
            return self.committee_of_org(post) if post else None
        if refers == "unit":
            unit = self.focus.get("unit") or self.default.get("commune") or self.default.get("district")
            if not unit:
                return None
            entity = self.entities[unit]
            return self._org_entity(f"org/dang-bo-{slug(entity.kind)}/{unit}", "party_org",
                                    f"Đảng bộ {entity.kind} {entity.label}", unit)
        return None

    # -- after the walk ------------------------------------------------------------

    def place_posts(self) -> None:
        """Where each border post stands, from the best evidence the article gives."""
        communes = {fold(self.entities[k].label): k for (lvl, _), k in self.admin.items()
                    if lvl == "commune" and self.entities[k].mentioned}
        for key, entity in list(self.entities.items()):
            if entity.kind != "border_post":
                continue
            evidence = list(self.post_places.get(key, []))
            name = _post_name(entity.label)
            if name in communes:
                evidence.append((2, communes[name]))
            if self.default.get("province"):
                evidence.append((9, self.default["province"]))
            if evidence:
                place = min(evidence)[1]
                guard = self._border_guard(self._province_of(place))
                self.entities[key] = replace(entity, place=place, parent=guard or entity.parent)

    def lookup_admin(self, ptype: str, name: str) -> str | None:
        level = PLACE_LEVEL.get(ptype)
        return self.admin.get((level, fold(name))) if level in ADMIN else None

    def committee_of_org(self, org: str) -> str | None:
        """The party committee (Đảng ủy) of a post or of a provincial Border Guard."""
        entity = self.entities[org]
        return self._org_entity(f"org/dang-uy/{org}", "party_committee", f"Đảng ủy {entity.label}",
                                parent=org)

    def note_post_place(self, post: str, place: str, priority: int) -> None:
        self.post_places[post].append((priority, place))

    def _province_of(self, place: str) -> str | None:
        while place:
            entity = self.entities[place]
            if PLACE_LEVEL.get(entity.kind) == "province":
                return place
            place = entity.parent
        return None


_POST_KIND = re.compile(r"^Đồn Biên phòng(?: Cửa khẩu(?: Quốc tế)?)?\s*")


def _post_name(label: str) -> str:
    """`Đồn Biên phòng Cửa khẩu Quốc tế A` -> `a`: the place name a post is called by, folded."""
    return fold(_POST_KIND.sub("", label))


def _topic(times_named: dict[str, int]) -> str | None:
    """What an article is about at one level: the only unit it names, or one it names
    at least twice as often as any other. Two names of like weight: no guess."""
    ranked = sorted(times_named.items(), key=lambda kv: -kv[1])
    if len(ranked) == 1 or (ranked and ranked[0][1] >= 2 * ranked[1][1]):
        return ranked[0][0]
    return None


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def _without(label: str, name: str | None) -> str:
    return label[: label.rfind(name)].strip() if name and name in label else label


def level_of(entity: Entity) -> str | None:
    return PLACE_LEVEL.get(entity.kind) if entity.category == "place" else None


__all__ = ["Resolver", "Resolved", "level_of", "LEVELS"]
