"""Vietnam's administrative units (before the 2025 reform), from `vietnamadminunits`.

The package ships a SQLite table of the 63 provinces, their districts and
communes with official codes and coordinates. We read it once and look names
up by their folded spelling, so `Thuận Hoà` finds `Thuận Hòa`.
"""

from __future__ import annotations

import importlib.util
import sqlite3
from collections import defaultdict
from contextlib import closing
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.errors import GazetteerError
from kg.text import fold, loose


@dataclass(frozen=True)
class Unit:
    level: str  # province | district | commune
    name: str  # short name: "Lũng Cú"
    type: str  # "xã", "huyện", "tỉnh", "thị trấn" ...
    code: str
    lat: float | None
    long: float | None
    parent: Unit | None


class Gazetteer:
    def __init__(self, rows: list[sqlite3.Row]) -> None:
        self.by_name: dict[tuple[str, str], list[Unit]] = defaultdict(list)
        self.by_letters: dict[tuple[str, str], list[Unit]] = defaultdict(list)
        provinces: dict[str, Unit] = {}
        districts: dict[str, Unit] = {}
        for row in rows:
            code = row["provinceCode"]
            if code not in provinces:
                provinces[code] = self._add(
                    "province", row["provinceShort"], _type(row["province"], row["provinceShort"]),
                    code, row["provinceLat"], row["provinceLon"], None)
            province = provinces[code]
            code = row["districtCode"]
            if code not in districts:
                districts[code] = self._add(
                    "district", row["districtShort"], row["districtType"].lower(), code,
                    row["districtLat"], row["districtLon"], province)
            if row["wardCode"]:
                self._add("commune", row["wardShort"], row["wardType"].lower(), row["wardCode"],
                          row["wardLat"], row["wardLon"], districts[code])

    def _add(self, level, name, type_, code, lat, long, parent) -> Unit:
        unit = Unit(level, name, type_, code, lat, long, parent)
        self.by_name[(level, fold(name))].append(unit)
        self.by_letters[(level, loose(name))].append(unit)
        return unit

    def find(self, level: str, name: str, type_: str | None = None) -> list[Unit]:
        units = self.by_name.get((level, fold(name)), [])
        if type_:
            typed = [u for u in units if u.type == type_]
            units = typed or units
        return units


    def find_variant(self, level: str, name: str) -> list[Unit]:
        """Units whose name differs from `name` only in tone marks or i/y (`Tả`/`Tá`, `Ly`/`Li`)."""
        return self.by_letters.get((level, loose(name)), [])

    def known(self, name: str) -> bool:
        """Whether any province, district or commune is called (loosely) `name`."""
        return any((level, loose(name)) in self.by_letters for level in ("province", "district", "commune"))


def _type(full: str, short: str) -> str:
    return full[: len(full) - len(short)].strip().lower() or "tỉnh"


def _query(sql: str) -> list[sqlite3.Row]:
    """Rows of the package's SQLite table, read without importing the package: its
    `__init__` loads the address parsers, half a second of every build's start-up
    that nothing here uses. Rows are read by column name as they come: copying the
    10,040 units into dicts took 0.03 s of the 0.19 that loading the gazetteer took."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise GazetteerError("the gazetteer package vietnamadminunits is not installed (make install)")
    database = Path(next(iter(spec.submodule_search_locations))) / "data" / "dataset.db"
    try:
        with closing(sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)) as connection:
            connection.row_factory = sqlite3.Row
            return connection.execute(sql).fetchall()
    except sqlite3.Error as e:
        raise GazetteerError(f"{database}: cannot read the gazetteer table ({e})") from e


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    rows = _query(
        "SELECT province, provinceShort, provinceCode, provinceLat, provinceLon, "
        "districtShort, districtType, districtCode, districtLat, districtLon, "
        "wardShort, wardType, wardCode, wardLat, wardLon FROM admin_units_legacy"
    )
    return Gazetteer(rows)


def ancestors(unit: Unit) -> list[Unit]:
    chain = []
    while unit.parent is not None:
        unit = unit.parent
        chain.append(unit)
    return chain


SUCCESSORS = Path(__file__).parent / "data" / "successors_2025.tsv"


def successor_2025(unit: Unit) -> tuple[str, str] | None:
    """(name, code) of the unit that took this one's place in the 2025 reform.

    Communes and provinces have one; districts were abolished and have none. The
    answers come from `vietnamadminunits`' converter, worked out once for every unit:
    the converter parses an address per call (2 ms), which was a sixth of the time
    spent reading an article. data/successors_2025.tsv keeps only codes (old -> new);
    the new units' names are read from the package's 2025 table.
    """
    new_code = _successors().get((unit.level, unit.code))
    if new_code is None:
        return None
    return _names_2025()[unit.level].get(new_code), new_code


@lru_cache(maxsize=1)
def _successors() -> dict[tuple[str, str], str]:
    table = {}
    with SUCCESSORS.open(encoding="utf-8") as rows:
        for row in rows:
            level, code, new_code = row.rstrip("\n").split("\t")
            table[level, code] = new_code
    return table


@lru_cache(maxsize=1)
def _names_2025() -> dict[str, dict[str, str]]:
    """Code -> name of the units since 2025, as the converter names them."""
    rows = _query("SELECT ward, province, wardCode, provinceCode FROM admin_units")
    return {"commune": {r["wardCode"]: f"{r['ward']}, {r['province']}" for r in rows},
            "province": {r["provinceCode"]: r["province"] for r in rows}}


def convert_2025(unit: Unit) -> tuple[str, str] | None:
    """The converter's answer for one unit (what the table holds)."""
    if unit.level == "district":
        return None
    from vietnamadminunits import convert_address

    parts = [unit, *ancestors(unit)]
    address = ", ".join(f"{u.type.capitalize()} {u.name}" for u in parts)
    try:
        new = convert_address(address)
    except Exception:  # the package raises plain exceptions for units it cannot convert
        return None
    if unit.level == "province":
        return (new.province, new.province_code) if new.province else None
    if not new.ward:
        return None
    return f"{new.ward}, {new.province}", new.ward_code


def write_successors(path: Path = SUCCESSORS) -> int:
    """Work out the table again (after upgrading vietnamadminunits):
    `python -m kg.gazetteer`."""
    units = sorted({u for found in gazetteer().by_name.values() for u in found}, key=lambda u: (u.level, u.code))
    rows = [(u.level, u.code, new[1]) for u in units if (new := convert_2025(u))]
    path.parent.mkdir(exist_ok=True)
    path.write_text("".join("\t".join(row) + "\n" for row in rows), encoding="utf-8")
    return len(rows)


if __name__ == "__main__":
    print(f"{write_successors()} units -> {SUCCESSORS}")
