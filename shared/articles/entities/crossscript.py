"""One entity across scripts and spellings: Arabic ``سامح شكري``, English ``Sameh Shoukry``
and French ``Sameh Choukri`` are one person with one id (pure Python).

Ids come from :func:`~articles.entities.names.entity_id`, which already folds the
spellings of one script (``Shoukry``/``Shoukri``). Across scripts no key can be both exact
and safe (Arabic writes no short vowels: محمد is Mohamed, محمود Mahmoud, and both are
``m-h-m-d`` once Latin vowels are dropped). So the link is made in two steps:

1. :func:`script_key` — a coarse consonant key computed the same way from either script
   (letters grouped into sound classes, vowels, ``w``/``y``, ``h`` sounds and the article
   dropped, words run together). Every entity is stored under the script keys of its names
   (and, for persons, of their family names). It is only a place to look: many names share one.
2. :func:`same_entity` — the candidates found under a key are checked name by name with the
   transliteration matcher (:func:`articles.entities.translit.same_name`) or, within one
   script, by equal name keys. Look-alikes (``Mohamed``/``Mahmoud``, ``Sameh``/``Sami``) fail here.

:func:`unify` gives an article's entities the id of the one known entity that passes; with
none or several, the entity keeps its own id. A ``lookup(keys)`` returns the known entities
stored under each key (one batched read; no Scan). Arrival order does not matter: the first
article's entity is found by the later ones whatever their script.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from articles.entities.arabic import ARTICLE, is_arabic, normalise
from articles.entities.names import entity_id, name_key, name_parts
from articles.entities.translit import latin_fold, same_name
from articles.models import Entity

__all__ = ["Known", "family_name", "same_entity", "script_key", "script_keys", "unify"]

# Sound classes. Arabic letters (normalised) -> class; absent letters are dropped.
_ARABIC_CLASS = {
    "ب": "b", "ت": "t", "ط": "t", "ث": "t", "ج": "k", "غ": "k", "ك": "k", "ق": "k",
    "د": "d", "ذ": "d", "ض": "d", "ز": "z", "ظ": "z", "ر": "r", "ل": "l", "م": "m", "ن": "n",
    "س": "s", "ص": "s", "ش": "x", "ف": "f", "ڤ": "f", "پ": "b", "چ": "x", "گ": "k",
}  # fmt: skip
# Latin digraphs first, then single letters (after latin_fold: ch -> sh, dj -> j, ou -> u).
_LATIN_DIGRAPHS = [("sh", "x"), ("th", "t"), ("dh", "d"), ("gh", "k"), ("kh", ""), ("ph", "f"), ("ck", "k")]
_LATIN_CLASS = {
    "b": "b", "p": "b", "t": "t", "j": "k", "g": "k", "k": "k", "q": "k", "c": "k", "d": "d",
    "z": "z", "r": "r", "l": "l", "m": "m", "n": "n", "s": "s", "f": "f", "v": "f", "x": "ks",
}  # fmt: skip
_DOUBLE = re.compile(r"(.)\1+")


def _arabic_word_key(word: str) -> str:
    word = normalise(word)
    if word.startswith(ARTICLE) and len(word) > len(ARTICLE) + 2:
        word = word[len(ARTICLE) :]
    return "".join(_ARABIC_CLASS.get(ch, "") for ch in word)


def _latin_word_key(word: str) -> str:
    w = latin_fold(word)
    w = re.sub(r"c(?=[eiy])", "s", w)
    for digraph, cls in _LATIN_DIGRAPHS:
        w = w.replace(digraph, "\x00" + cls + "\x00" if cls else "")
    out = []
    for piece in w.split("\x00"):
        if len(piece) <= 2 and piece in {c for _, c in _LATIN_DIGRAPHS}:
            out.append(piece)
        else:
            out.append("".join(_LATIN_CLASS.get(ch, "") for ch in piece))
    return "".join(out)


@lru_cache(maxsize=1)
def _exonyms() -> dict[str, str]:
    """Folded Arabic / French / English place name -> English name (``data/places_intl.tsv``)."""
    out: dict[str, str] = {}
    path = Path(__file__).resolve().parent / "data" / "places_intl.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        english = cells[0].strip()
        for cell in cells:
            for form in cell.split("|"):
                if form.strip():
                    out.setdefault(_fold_place(form), english)
    return out


def _fold_place(name: str) -> str:
    if is_arabic(name):
        return " ".join(normalise(name).split())
    return " ".join(latin_fold(w) for w in name.replace("-", " ").split())


@lru_cache(maxsize=1)
def _french_with_article() -> dict[str, str]:
    """Folded bare French place name -> the name with its article ("caire" -> "Le Caire")."""
    out: dict[str, str] = {}
    path = Path(__file__).resolve().parent / "data" / "places_intl.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if line.startswith("#") or len(cells) < 3:
            continue
        for form in (f.strip() for f in cells[2].split("|")):
            head, _, rest = form.partition(" ")
            if head in ("Le", "La", "Les") and rest:
                out.setdefault(_fold_place(rest), form)
            elif form.startswith(("L'", "L’")) and len(form) > 2:
                out.setdefault(_fold_place(form[2:]), form)
    return out


def french_place_with_article(name: str) -> str | None:
    """A French place name written without its article ("au Caire": "Caire") -> the name as
    French writes it alone ("Le Caire"); None for others."""
    return _french_with_article().get(_fold_place(name))


def place_name(name: str) -> str | None:
    """The English name of a place whose name differs by language (مصر, Égypte -> Egypt;
    القاهرة, Le Caire -> Cairo), else None."""
    return _exonyms().get(_fold_place(name))


def script_key(name: str, type: str) -> str:
    """The coarse sound key of ``name`` as an entity of ``type``, the same from either
    script (``سامح شكري`` and ``Sameh Shoukry``/``Choukri`` -> ``smxkr``); empty when
    the name has no consonant."""
    if type in ("LOC", "MISC", "ORG"):
        name = place_name(name) or name
    if is_arabic(name):
        words = [w for w in normalise(name).split() if w]
        key = "".join(_arabic_word_key(w) for w in words)
    else:
        key = "".join(_latin_word_key(p.clean) for p in name_parts(name, type))
    key = _DOUBLE.sub(r"\1", key)
    return f"{type}:{key}" if key else ""


def family_name(name: str) -> str | None:
    """A person's family name as a lookup form: the last word of a name of two words or
    more (with a separate Latin article: ``al-Sisi``), else None."""
    words = name.replace("-", " ").split()
    if len(words) < 2:
        return None
    if len(words) > 2 and words[-2].lower() in ("al", "el"):
        return " ".join(words[-2:])
    return words[-1]


def script_keys(name: str, type: str, aliases: Iterable[str] = ()) -> list[str]:
    """Every key an entity is stored under: :func:`script_key` of its name and aliases and,
    for persons, of their family names (so ``شكري`` alone finds Sameh Shoukry)."""
    keys: list[str] = []
    for form in [name, *aliases]:
        forms = [form]
        if type == "PER":
            fam = family_name(form)
            if fam:
                forms.append(fam)
        for f in forms:
            k = script_key(f, type)
            if k and k not in keys:
                keys.append(k)
    return keys


@dataclass(frozen=True)
class Known:
    """An entity already stored: its id, type and every name it was given."""

    id: str
    type: str
    names: tuple[str, ...] = field(default_factory=tuple)


def same_entity(name: str, type: str, other: str) -> bool:
    """Whether ``name`` and ``other`` (either script) name one entity of ``type``: equal
    name keys within a script, else the transliteration matcher over every word."""
    if is_arabic(name) == is_arabic(other) and name_key(name, type) == name_key(other, type):
        return True
    if type == "LOC":
        mine, theirs = place_name(name), place_name(other)
        if mine or theirs:
            return mine is not None and mine == (theirs or other)
    return same_name(name, other)


def _words(name: str) -> int:
    return len(name.replace("-", " ").split())


def _matches(entity: Entity, known: Known) -> bool:
    """For a person, full names only (two words or more on both sides): a bare family name
    (``Shukri``) is no evidence that ``Mahmoud Shukri`` is ``Sameh Shoukry``."""
    if known.type != entity.type or known.id == entity.id:
        return known.type == entity.type and known.id == entity.id
    if entity.type == "PER":
        if _words(entity.name) < 2:
            return False
        return any(_words(k) >= 2 and same_entity(entity.name, "PER", k) for k in known.names)
    forms = [entity.name, *entity.aliases]
    return any(same_entity(f, entity.type, k) for f in forms for k in known.names)


def _keys(entity: Entity) -> list[str]:
    forms = [entity.name] if entity.type == "PER" else [entity.name, *entity.aliases]
    return [k for k in (script_key(f, entity.type) for f in forms) if k]


Lookup = Callable[[list[str]], dict[str, list[Known]]]


def _place_id(entity: Entity) -> Entity:
    if entity.type != "LOC":
        return entity
    english = place_name(entity.name)
    return entity.model_copy(update={"id": entity_id(english, "LOC")}) if english else entity


def unify(entities: list[Entity], lookup: Lookup) -> list[Entity]:
    """``entities`` with the id of the one known entity each names (in either script);
    an entity matching none or several keeps its id; its names stay its own (the store
    adds them to the known entity). Two entities of the article given one id are merged."""
    # a place named differently by language has the id of its English name, in any order
    entities = [_place_id(e) for e in entities]
    wanted = {e.id: _keys(e) for e in entities}
    keys = sorted({k for ks in wanted.values() for k in ks if k})
    found = lookup(keys) if keys else {}
    out: list[Entity] = []
    index: dict[str, int] = {}
    for entity in entities:
        candidates: dict[str, Known] = {}
        for key in wanted[entity.id]:
            for known in found.get(key, []):
                if known.id not in candidates and _matches(entity, known):
                    candidates[known.id] = known
        # another spelling earlier in this article ("Choukri" after "Shoukry")
        local = [
            e for e in out
            if e.type == entity.type and e.id != entity.id and set(wanted.get(e.id, [])) & set(wanted[entity.id])
            and _matches(entity, Known(e.id, e.type, (e.name, *e.aliases)))
        ]  # fmt: skip
        if entity.id in candidates:  # already this known entity
            pass
        elif len(candidates) == 1:
            entity = entity.model_copy(update={"id": next(iter(candidates))})
        elif not candidates and len(local) == 1:
            entity = entity.model_copy(update={"id": local[0].id})
        if entity.id in index:
            i = index[entity.id]
            first = out[i]
            mentions = sorted([*first.mentions, *entity.mentions], key=lambda m: (m.start, m.end))
            aliases = [a for a in dict.fromkeys([*first.aliases, entity.name, *entity.aliases]) if a != first.name]
            roles = list(first.roles) + [r for r in entity.roles if r not in first.roles]
            out[i] = first.model_copy(update={"mentions": mentions, "aliases": aliases, "roles": roles,
                                              "salience": max(first.salience, entity.salience)})
        else:
            index[entity.id] = len(out)
            out.append(entity)
    return out
