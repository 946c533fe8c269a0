"""Pinyin of enterprise names for the search box: full (``nanjiangxianguangwushanmiye…``) and initials.

Company names need no surname rules (see ``people`` for those): pypinyin reads them as phrases,
with its phrase dictionary. Where it misreads a word common in this registry — a shop called
…行 (háng), a place such as 长赤 (cháng) — the word is read from ``PHRASES`` instead; this stays
local, since loading phrases into pypinyin would change the readings of every other app.
Letters and digits in a name (``ABC科技``) are kept as they are.
"""

from __future__ import annotations

import re
import unicodedata

from pypinyin import Style, lazy_pinyin

# Words pypinyin (0.55) reads wrongly in enterprise and place names of the county.
PHRASES: dict[str, tuple[str, ...]] = {
    "支行": ("zhi", "hang"),
    "琴行": ("qin", "hang"),
    "茶行": ("cha", "hang"),
    "布行": ("bu", "hang"),
    "米行": ("mi", "hang"),
    "长赤": ("chang", "chi"),
    "长滩": ("chang", "tan"),
}
_PHRASE = re.compile("|".join(map(re.escape, PHRASES)))
_KEEP = re.compile(r"[^a-z0-9]")


def _read(text: str) -> list[tuple[str, str]]:
    """(syllable, initial) pairs; a run of letters or digits is one pair, kept whole in both."""
    full = lazy_pinyin(text, style=Style.NORMAL)
    first = lazy_pinyin(text, style=Style.FIRST_LETTER)
    return list(zip(full, first, strict=True))


def _syllables(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    start = 0
    for match in _PHRASE.finditer(text):
        out += _read(text[start : match.start()])
        out += [(s, s[0]) for s in PHRASES[match.group()]]
        start = match.end()
    out += _read(text[start:])
    return out


def name_pinyin(name: str) -> tuple[str, str]:
    """(full pinyin, initials) of an enterprise name, lower case, without tones or spaces."""
    text = unicodedata.normalize("NFKC", name or "").strip()
    pairs = _syllables(text)
    full = "".join(s for s, _i in pairs).lower().replace("ü", "v")
    initials = "".join(i for _s, i in pairs).lower()
    return _KEEP.sub("", full), _KEEP.sub("", initials)
