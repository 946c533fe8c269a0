"""Pinyin of personal names for search: full (``zhangsan``) and initials (``zs``), no tones.

Surnames are read as surnames: 曾 zeng, not ceng; 单 shan, not dan; 解 xie; 仇 qiu; 区 ou; 查 zha;
朴 piao; 盖 ge… pypinyin (0.55) has no surname mode (its issues #120 and #297 ask for one), and
reading the whole name as a phrase also lets a surname join the given name into a word with
another reading (曾经纬 read as 曾经 ceng jing). So the surname is split off first — compound
surnames (尉迟, 万俟, 长孙, 欧阳…) before single ones — and read from the tables below; the given
name is then read by pypinyin on its own, with its phrase dictionary.

ü is written ``v`` (吕 lv), as pinyin input methods type it. A name with a middle dot
(买买提·艾力, transcribed from Uyghur, Kazakh and other languages) has no Han surname, so it is
read as written, without the surname tables.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

# Compound surnames (复姓) with their readings. 单于 is left out on purpose: today a name starting
# 单于 is far more often the surname 单 (shan) with a given name starting 于.
COMPOUND_SURNAMES: dict[str, tuple[str, str]] = {
    "欧阳": ("ou", "yang"),
    "太史": ("tai", "shi"),
    "端木": ("duan", "mu"),
    "上官": ("shang", "guan"),
    "司马": ("si", "ma"),
    "东方": ("dong", "fang"),
    "独孤": ("du", "gu"),
    "南宫": ("nan", "gong"),
    "万俟": ("mo", "qi"),
    "闻人": ("wen", "ren"),
    "夏侯": ("xia", "hou"),
    "诸葛": ("zhu", "ge"),
    "尉迟": ("yu", "chi"),
    "公羊": ("gong", "yang"),
    "赫连": ("he", "lian"),
    "澹台": ("tan", "tai"),
    "皇甫": ("huang", "fu"),
    "宗政": ("zong", "zheng"),
    "濮阳": ("pu", "yang"),
    "公冶": ("gong", "ye"),
    "太叔": ("tai", "shu"),
    "申屠": ("shen", "tu"),
    "公孙": ("gong", "sun"),
    "慕容": ("mu", "rong"),
    "仲孙": ("zhong", "sun"),
    "钟离": ("zhong", "li"),
    "长孙": ("zhang", "sun"),
    "宇文": ("yu", "wen"),
    "司徒": ("si", "tu"),
    "鲜于": ("xian", "yu"),
    "司空": ("si", "kong"),
    "闾丘": ("lv", "qiu"),
    "子车": ("zi", "ju"),
    "亓官": ("qi", "guan"),
    "司寇": ("si", "kou"),
    "巫马": ("wu", "ma"),
    "公西": ("gong", "xi"),
    "颛孙": ("zhuan", "sun"),
    "壤驷": ("rang", "si"),
    "公良": ("gong", "liang"),
    "漆雕": ("qi", "diao"),
    "乐正": ("yue", "zheng"),
    "宰父": ("zai", "fu"),
    "谷梁": ("gu", "liang"),
    "拓跋": ("tuo", "ba"),
    "夹谷": ("jia", "gu"),
    "轩辕": ("xuan", "yuan"),
    "令狐": ("ling", "hu"),
    "段干": ("duan", "gan"),
    "百里": ("bai", "li"),
    "呼延": ("hu", "yan"),
    "东郭": ("dong", "guo"),
    "南门": ("nan", "men"),
    "羊舌": ("yang", "she"),
    "微生": ("wei", "sheng"),
    "梁丘": ("liang", "qiu"),
    "左丘": ("zuo", "qiu"),
    "西门": ("xi", "men"),
    "第五": ("di", "wu"),
    "即墨": ("ji", "mo"),
    "达奚": ("da", "xi"),
    "褚师": ("chu", "shi"),
}

# Single surnames whose surname reading differs from the character's most common reading (and a
# few where pypinyin's default happens to agree, kept so the reading does not depend on it).
SURNAMES: dict[str, str] = {
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "区": "ou",
    "查": "zha",
    "査": "zha",
    "朴": "piao",
    "盖": "ge",
    "覃": "qin",
    "翟": "zhai",
    "缪": "miao",
    "乐": "yue",
    "秘": "bi",
    "冼": "xian",
    "洗": "xian",
    "种": "chong",
    "重": "chong",
    "繁": "po",
    "折": "she",
    "佴": "nai",
    "粘": "nian",
    "藏": "zang",
    "都": "du",
    "六": "lu",
    "薄": "bo",
    "阚": "kan",
    "乜": "nie",
    "卜": "bu",
    "员": "yun",
    "贲": "ben",
    "郇": "xun",
    "隗": "wei",
    "句": "gou",
    "能": "nai",
    "尉": "wei",
    "长": "chang",
    "华": "hua",
    "纪": "ji",
    "燕": "yan",
    "瞿": "qu",
    "宿": "su",
    "牟": "mou",
    "沈": "shen",
    "柏": "bai",
    "召": "shao",
    "谌": "chen",
    "祭": "zhai",
    "角": "jue",
    "朝": "chao",
    "逄": "pang",
    "莘": "shen",
    "厍": "she",
    "仉": "zhang",
    "过": "guo",
    "车": "che",
    "石": "shi",
    "曲": "qu",
}

MIDDLE_DOT = "·"
# Dots that stand in for the middle dot of transcribed names in real data.
_DOTS = re.compile(r"[・•‧∙⋅．.·•]")


def normalise_name(raw: str | None) -> str:
    """A name as stored: full-width letters folded, spaces removed, one kind of middle dot."""
    text = unicodedata.normalize("NFKC", raw or "")
    text = "".join(ch for ch in text if not ch.isspace())
    return _DOTS.sub(MIDDLE_DOT, text).strip(MIDDLE_DOT)


def split_surname(name: str) -> tuple[str, str]:
    """(surname, given name) of a Han name; ("", name) for a transcribed name with a middle dot."""
    if not name or MIDDLE_DOT in name:
        return "", name
    if name[:2] in COMPOUND_SURNAMES and len(name) > 2:
        return name[:2], name[2:]
    return name[:1], name[1:]


@lru_cache(maxsize=20000)
def _read(text: str) -> tuple[str, ...]:
    """One part of a name read by pypinyin; cached, because given names repeat far more than whole names."""
    if not text:
        return ()
    return tuple(
        s for s in lazy_pinyin(text, style=Style.NORMAL, errors=_not_han, v_to_u=False, strict=True) if s
    )


def _not_han(chunk: str) -> list[str]:
    """Latin letters and digits inside a name are kept as written; anything else is dropped."""
    kept = "".join(ch for ch in chunk.lower() if ch.isascii() and ch.isalnum())
    return [kept] if kept else []


@lru_cache(maxsize=32768)
def syllables(name: str) -> tuple[str, ...]:
    """The pinyin syllables of a name, surname read as a surname."""
    name = normalise_name(name)
    surname, given = split_surname(name)
    if surname in COMPOUND_SURNAMES:
        head = list(COMPOUND_SURNAMES[surname])
    elif surname in SURNAMES:
        head = [SURNAMES[surname]]
    else:
        head = list(_read(surname))
    return (*head, *_read(given.replace(MIDDLE_DOT, "")))


def full_pinyin(name: str) -> str:
    """``zhangsan`` for 张三, ``zengguofan`` for 曾国藩."""
    return "".join(syllables(name))


def initials(name: str) -> str:
    """``zs`` for 张三: the first letter of each syllable."""
    return "".join(s[0] for s in syllables(name))
