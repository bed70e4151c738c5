"""Scoring found items against lost items (CUS-4), in Chinese and English.

Each side is reduced to a `Profile`: colour codes, brand codes, model tokens, words (Chinese character
bigrams and English words from `incidents.tokens`, plus concept codes such as ``#wallet`` for 钱包 /
wallet / purse), place and time. `score()` compares two profiles factor by factor with the weights of
`CustodySettings`, and says why. Ranking happens in Python on candidates the database has already
narrowed (site, category, time window: `custody.selectors`).
"""

import datetime
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.translation import gettext as _

from incidents.tokens import query_tokens

from custody import vocabulary

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAS_CJK = re.compile(rf"[{_CJK}]")
_LATIN_WORD = re.compile(r"[0-9a-z]+(?:[-'][0-9a-z]+)*")

STOPWORDS = frozenset(
    """a an the and or of in on at to with for from by is was it its my our this that has have had
    some one two near inside left right very color colour item items lost found please thing things
    的 了 在 和 有 是 一个 个 一 上 里 内 中""".split()
)

FACTORS = ("category", "colour", "brand", "words", "place", "time")


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (a transposition costs 1), giving up above `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def similar_words(a: str, b: str) -> bool:
    """Misspellings of the same Latin word: one edit for 4–7 letters, two from 8, never for numbers;
    the first letter is kept (typists rarely miss it, and phone must not become iPhone)."""
    if a == b:
        return True
    if min(len(a), len(b)) < 4 or a[0] != b[0] or any(ch.isdigit() for ch in a + b):
        return False
    limit = 1 if max(len(a), len(b)) < 8 else 2
    return _edit_distance(a, b, limit) <= limit


@dataclass(frozen=True)
class _Lexicon:
    cjk: tuple[tuple[str, str], ...]  # (alias, code), longest first
    latin: re.Pattern | None
    latin_codes: dict[str, str]
    single_words: tuple[tuple[str, str], ...]  # one-word Latin aliases for misspellings
    stop: tuple[str, ...] = ()


def _lexicon(table: dict[str, tuple[str, ...]], stop: Sequence[str] = ()) -> _Lexicon:
    cjk, latin = [], {}
    for code, aliases in table.items():
        for alias in aliases:
            alias = normalise(alias)
            if _HAS_CJK.search(alias):
                cjk.append((alias, code))
            else:
                latin[alias] = code
    cjk.sort(key=lambda pair: -len(pair[0]))
    pattern = None
    if latin:
        alternatives = "|".join(re.escape(alias) for alias in sorted(latin, key=len, reverse=True))
        pattern = re.compile(rf"(?<![0-9a-z])(?:{alternatives})(?![0-9a-z])")
    singles = tuple((alias, code) for alias, code in latin.items() if " " not in alias and len(alias) >= 4)
    return _Lexicon(tuple(cjk), pattern, latin, singles, tuple(normalise(s) for s in stop))


COLOURS = _lexicon(vocabulary.COLOURS, vocabulary.NOT_COLOURS)
BRANDS = _lexicon(vocabulary.BRANDS)
CONCEPTS = _lexicon(vocabulary.CONCEPTS)
_ALL_ALIASES = frozenset(COLOURS.latin_codes) | frozenset(BRANDS.latin_codes)
# Correctly spelt words of any list are never taken for a misspelling of another (phone is not iPhone).
_KNOWN_WORDS = _ALL_ALIASES | frozenset(CONCEPTS.latin_codes) | STOPWORDS


@lru_cache(maxsize=20_000)
def _fuzzy_code(word: str, lexicon_id: int) -> str | None:
    lexicon = _BY_ID[lexicon_id]
    for alias, code in lexicon.single_words:
        if similar_words(word, alias):
            return code
    return None


_BY_ID = {id(COLOURS): COLOURS, id(BRANDS): BRANDS, id(CONCEPTS): CONCEPTS}


def extract(text: str, lexicon: _Lexicon) -> tuple[set[str], str]:
    """The codes a text mentions (Chinese aliases longest first, Latin ones as whole words or misspelt),
    and the text with those mentions blanked out."""
    text = normalise(text)
    found: set[str] = set()
    for stop in lexicon.stop:
        text = text.replace(stop, " ")
    for alias, code in lexicon.cjk:
        if alias in text:
            found.add(code)
            # Consumed: 钱包 must not also count as 包.
            text = text.replace(alias, " ")
    if lexicon.latin is not None:
        for match in lexicon.latin.finditer(text):
            found.add(lexicon.latin_codes[match.group(0)])
        text = lexicon.latin.sub(" ", text)

    def fuzzy(match: re.Match) -> str:
        word = match.group(0)
        if len(word) >= 4 and word not in _KNOWN_WORDS:
            code = _fuzzy_code(word, id(lexicon))
            if code is not None:
                found.add(code)
                return " "
        return word

    return found, _LATIN_WORD.sub(fuzzy, text)


def codes_in(text: str, lexicon: _Lexicon) -> set[str]:
    return extract(text, lexicon)[0]


# Characters that join Chinese words without meaning anything themselves; they split runs so that
# 屏幕有裂痕 gives 屏幕 and 裂痕, not also 幕有 and 有裂.
_CJK_FILLERS = re.compile(r"[的了在有和是个一上里着把被与及或等很非常]")


def word_tokens(text: str) -> set[str]:
    """Bigrams of Chinese runs and English words (incidents' tokenizer), without stop words and colours."""
    text = _CJK_FILLERS.sub(" ", normalise(text))
    return {
        token for token in query_tokens(text)
        if token not in STOPWORDS and not (len(token) == 1 and not _HAS_CJK.search(token))
        and token not in COLOURS.latin_codes
    }


def model_tokens(text: str) -> set[str]:
    """Latin and number tokens that identify a model (“15”, “pro”, “x1”), brand names left out."""
    return {
        token for token in _LATIN_WORD.findall(normalise(text))
        if token not in _ALL_ALIASES and token not in STOPWORDS and (any(ch.isdigit() for ch in token) or len(token) >= 2)
    }


@dataclass(frozen=True)
class Profile:
    """What matching knows of one lost or found item."""

    key: object
    category_id: int | None
    site_id: int | None
    area_id: int | None
    colours: frozenset[str]
    brands: frozenset[str]
    models: frozenset[str]
    words: frozenset[str]
    places: frozenset[str]
    # Lost items: the loss window; found items: start == end == when found.
    start: datetime.datetime
    end: datetime.datetime


# Every input is in the cache's key and a Profile is immutable: the same found items are ranked again on
# every suggestions page of a site, and reading their words is most of the ranking's time.
@lru_cache(maxsize=4096)
def profile_of(*, key, category_id, site_id, area_id, name="", brand_model="", colour="", features="",
               place="", start, end) -> Profile:
    describing = " ".join(part for part in (name, brand_model, features) if part)
    colours, rest = extract(describing, COLOURS)
    if colour:
        colours = codes_in(colour, COLOURS) or colours
    brands, rest = extract(rest, BRANDS)
    brands |= codes_in(colour, BRANDS)
    concepts, rest = extract(rest, CONCEPTS)
    # Words are the concepts plus whatever no list knows (裂痕 the lists know, 小熊挂件 they may not).
    words = word_tokens(rest) | {f"#{code}" for code in concepts}
    return Profile(
        key=key, category_id=category_id, site_id=site_id, area_id=area_id,
        colours=frozenset(colours), brands=frozenset(brands), models=frozenset(model_tokens(brand_model)),
        words=frozenset(words), places=frozenset(word_tokens(place)), start=start, end=end,
    )


def lost_profile(item) -> Profile:
    """A LostItem (with its incident loaded)."""
    incident = item.incident
    return profile_of(
        key=item.pk, category_id=item.category_id, site_id=incident.site_id, area_id=incident.area_id,
        name=item.name, brand_model=item.brand_model, colour=item.colour, features=item.features,
        place=incident.place_detail, start=incident.lost_from, end=incident.lost_until,
    )


def found_profile(item) -> Profile:
    return profile_of(
        key=item.pk, category_id=item.category_id, site_id=item.site_id, area_id=item.area_id,
        name=item.name, brand_model=item.brand_model, colour=item.colour, features=item.features,
        place=item.place_detail, start=item.found_at, end=item.found_at,
    )


@dataclass(frozen=True)
class Weights:
    category: int = 10
    colour: int = 15
    brand: int = 20
    words: int = 35
    place: int = 10
    time: int = 10
    window_days: int = 30
    early_slack_hours: int = 2

    @classmethod
    def of(cls, settings) -> "Weights":
        return cls(
            category=settings.weight_category, colour=settings.weight_colour, brand=settings.weight_brand,
            words=settings.weight_words, place=settings.weight_place, time=settings.weight_time,
            window_days=settings.window_days, early_slack_hours=settings.early_slack_hours,
        )

    @property
    def total(self) -> int:
        return sum(getattr(self, name) for name in FACTORS) or 1


@dataclass
class Reason:
    factor: str
    value: float  # 0..1
    points: float  # value × weight, scaled to 0..100 overall
    detail: str = ""


@dataclass
class Scored:
    key: object
    score: int
    reasons: list[Reason] = field(default_factory=list)
    obj: object = None
    same_site: bool = True

    def reasons_json(self) -> list[dict]:
        return [{"factor": r.factor, "value": round(r.value, 2), "points": round(r.points, 1), "detail": r.detail}
                for r in self.reasons]


def idf_table(profiles: Iterable[Profile]) -> dict[str, float]:
    """Rarer words count more: ten black phones in the safe make “phone” weak and “裂痕” strong."""
    counts: Counter = Counter()
    total = 0
    for profile in profiles:
        total += 1
        counts.update(profile.words)
    return {word: math.log((total + 1) / (count + 0.5)) + 1.0 for word, count in counts.items()}


def _weight(word: str, idf: dict[str, float]) -> float:
    base = idf.get(word, 1.0)
    return base * 2.0 if word.startswith("#") else base


def _coverage(source: frozenset[str], target: frozenset[str], idf: dict[str, float]) -> tuple[float, list[str]]:
    if not source:
        return 0.0, []
    total = matched = 0.0
    shared = []
    latin_target = [word for word in target if not _HAS_CJK.search(word) and not word.startswith("#")]
    for word in source:
        weight = _weight(word, idf)
        total += weight
        if word in target:
            matched += weight
            shared.append(word)
        elif not _HAS_CJK.search(word) and not word.startswith("#"):
            if any(similar_words(word, other) for other in latin_target):
                matched += 0.8 * weight
                shared.append(f"{word}~")
    return matched / total, shared


def _words(lost: Profile, found: Profile, idf) -> tuple[float, str]:
    lost_cover, shared = _coverage(lost.words, found.words, idf)
    found_cover, _shared = _coverage(found.words, lost.words, idf)
    if lost_cover + found_cover == 0:
        return 0.0, ""
    value = 2 * lost_cover * found_cover / (lost_cover + found_cover)
    shared.sort(key=lambda word: (-_weight(word.rstrip("~"), idf), word))  # the same order in every process
    return value, ", ".join(word.lstrip("#") for word in shared[:8])


def _colour(lost: Profile, found: Profile) -> tuple[float, str]:
    if not lost.colours or not found.colours:
        return 0.4, _("not recorded")
    same = lost.colours & found.colours
    if same:
        return 1.0, " / ".join(sorted(same))
    for a in lost.colours:
        for b in found.colours:
            if frozenset((a, b)) in vocabulary.RELATED_COLOURS:
                return 0.5, f"{a} ≈ {b}"
    return 0.0, f"{'/'.join(sorted(lost.colours))} ≠ {'/'.join(sorted(found.colours))}"


def _brand(lost: Profile, found: Profile) -> tuple[float, str]:
    models = lost.models & found.models
    if lost.brands and found.brands:
        same = lost.brands & found.brands
        if not same:
            return 0.0, f"{'/'.join(sorted(lost.brands))} ≠ {'/'.join(sorted(found.brands))}"
        if lost.models and found.models:
            return 0.7 + 0.3 * len(models) / len(lost.models | found.models), " ".join(sorted(same | models))
        return 0.85, " ".join(sorted(same))
    if models:
        return 0.6, " ".join(sorted(models))
    return 0.35, _("not recorded")


def _place(lost: Profile, found: Profile) -> tuple[float, str]:
    if lost.site_id != found.site_id:
        return 0.0, _("another site")
    if lost.area_id and lost.area_id == found.area_id:
        return 1.0, _("same area")
    if lost.places & found.places:
        return 0.8, ", ".join(sorted(lost.places & found.places)[:3])
    return 0.5, _("same site")


def _time(lost: Profile, found: Profile, weights: Weights) -> tuple[float, str]:
    window_days = weights.window_days
    at = found.start
    if at < lost.start - datetime.timedelta(hours=weights.early_slack_hours):
        return 0.0, _("found before the loss")
    delay = at - lost.end
    if delay <= datetime.timedelta(days=1):
        return 1.0, _("found within a day")
    days = delay.total_seconds() / 86400
    return max(0.1, 1.0 - 0.9 * days / max(window_days, 1)), _("found %(days)d days later") % {"days": round(days)}


def score(lost: Profile, found: Profile, *, weights: Weights, idf: dict[str, float]) -> Scored:
    values: dict[str, tuple[float, str]] = {
        "category": (1.0, "") if lost.category_id == found.category_id else (0.0, "≠"),
        "colour": _colour(lost, found),
        "brand": _brand(lost, found),
        "words": _words(lost, found, idf),
        "place": _place(lost, found),
        "time": _time(lost, found, weights),
    }
    reasons, total = [], 0.0
    for factor in FACTORS:
        value, detail = values[factor]
        points = 100.0 * getattr(weights, factor) * value / weights.total
        total += points
        reasons.append(Reason(factor, value, points, detail))
    # A different brand or colour is strong evidence against, whatever the words say.
    if values["brand"][0] == 0.0 and lost.brands and found.brands:
        total *= 0.6
    if values["colour"][0] == 0.0:
        total *= 0.8
    return Scored(key=found.key, score=int(round(total)), reasons=reasons)


def rank(query: Profile, candidates: Sequence[tuple[object, Profile]], *, query_is_lost: bool, weights: Weights,
         minimum: int = 0) -> list[Scored]:
    """Score each candidate against the query and sort: same site first, then by score, best first."""
    idf = idf_table([query, *(profile for _obj, profile in candidates)])
    results = []
    for obj, profile in candidates:
        lost, found = (query, profile) if query_is_lost else (profile, query)
        scored = score(lost, found, weights=weights, idf=idf)
        scored.key = profile.key
        scored.obj = obj
        scored.same_site = profile.site_id == query.site_id
        if scored.score >= minimum:
            results.append(scored)
    results.sort(key=lambda s: (not s.same_site, -s.score, str(s.key)))
    return results
