"""Find the header row under any title rows, and propose which column holds which field.

Office sheets start with a title merged across the columns (南江县2015年困难职工花名册), a blank
row or a date line, then the header; headers carry marks (*, （必填）), full-width letters and
spaces. The header row is the first of the first ``scan`` rows that names enough of the spec's
fields; the user can correct the proposed mapping before anything is checked.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gonghui.core.imports.spec import ImportSpec

_MARKS = re.compile(r"[\s*＊:：_]+")
_BRACKETED = re.compile(r"[（(【\[<《][^）)】\]>》]*[）)】\]>》]")


def normalise_header(value: Any) -> str:
    """Header text reduced for matching: half-width, no spaces, no *, no bracketed notes, lower case."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    text = _BRACKETED.sub("", text)
    return _MARKS.sub("", text).lower()


@dataclass
class HeaderGuess:
    """The header row found and the mapping proposed from it."""

    row_number: int
    headers: list[str]
    mapping: dict[int, str]
    unknown: list[int] = field(default_factory=list)  # columns with a header no field claims
    repeated: list[int] = field(default_factory=list)  # columns naming a field an earlier column took


def propose_mapping(headers: list[str], lookup: dict[str, str]) -> HeaderGuess:
    """Map each column whose header names a field; the first column wins when two name the same field."""
    guess = HeaderGuess(row_number=0, headers=headers, mapping={})
    taken: set[str] = set()
    for index, header in enumerate(headers):
        key = normalise_header(header)
        if not key:
            continue
        name = lookup.get(key)
        if name is None:
            guess.unknown.append(index)
        elif name in taken:
            guess.repeated.append(index)
        else:
            guess.mapping[index] = name
            taken.add(name)
    return guess


def find_header(rows: Iterable[tuple[int, list[Any]]], spec: ImportSpec) -> HeaderGuess | None:
    """The first row (of the first ``spec.header_scan_rows``) naming enough fields, or the best one seen."""
    lookup = spec.header_lookup()
    required = {f.name for f in spec.required_fields}
    enough = min(2, len(spec.fields))
    best: HeaderGuess | None = None
    for number, cells in rows:
        if number > spec.header_scan_rows:
            break
        headers = [_header_text(c) for c in cells]
        guess = propose_mapping(headers, lookup)
        guess.row_number = number
        named = set(guess.mapping.values())
        if len(named) >= enough or (required and required <= named):
            return guess
        if named and (best is None or len(named) > len(best.mapping)):
            best = guess
    return best


def _header_text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()
