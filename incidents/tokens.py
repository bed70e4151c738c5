"""Search tokens for text in Chinese and English (DESIGN.md "Search and matching in two languages").

Stock PostgreSQL cannot split Chinese into words, so text is stored as a line of tokens:
lower-cased Latin words and numbers, and for every run of CJK characters its single characters and
its character bigrams. A query is tokenised the same way and matches when every query token is present.
Custody's matching reuses `tokens()` and `search_text()`.
"""

import re
import unicodedata
from collections.abc import Iterable

# CJK Unified Ideographs (+ extension A, compatibility), kana and Hangul: runs without spaces.
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af"
_RUN = re.compile(rf"[{_CJK}]+|[0-9a-z]+(?:[-_.@+][0-9a-z]+)*")
_CJK_RUN = re.compile(rf"^[{_CJK}]+$")
_SPLIT = re.compile(r"[-_.@+]")


def _normalise(text: str) -> str:
    # NFKC folds full-width letters and digits (ＡＢＣ１２３) into ASCII ones.
    return unicodedata.normalize("NFKC", text or "").lower()


def tokens(text: str) -> list[str]:
    """The tokens of a text, in order, without duplicates."""
    found: dict[str, None] = {}
    for run in _RUN.findall(_normalise(text)):
        if _CJK_RUN.match(run):
            for char in run:
                found.setdefault(char, None)
            for index in range(len(run) - 1):
                found.setdefault(run[index : index + 2], None)
        else:
            found.setdefault(run, None)
            # "LF-SH01-20261122-0042" is found by the whole and by each part.
            for part in _SPLIT.split(run):
                if part:
                    found.setdefault(part, None)
    return list(found)


def query_tokens(text: str) -> list[str]:
    """The tokens a query must all match: bigrams for CJK runs longer than one character, else the character."""
    found: dict[str, None] = {}
    for run in _RUN.findall(_normalise(text)):
        if _CJK_RUN.match(run):
            if len(run) == 1:
                found.setdefault(run, None)
            for index in range(len(run) - 1):
                found.setdefault(run[index : index + 2], None)
        else:
            found.setdefault(run, None)
    return list(found)


def search_text(parts: Iterable[str | None]) -> str:
    """One line of tokens, padded with spaces so ' token ' matches whole tokens only."""
    seen: dict[str, None] = {}
    for part in parts:
        for token in tokens(part or ""):
            seen.setdefault(token, None)
    return " " + " ".join(seen) + " " if seen else ""
