"""Chinese word segmentation for the search index and for queries.

Both sides go through the same pipeline, so a word found in a document's
segmented text is found by the same word typed as a query:

1. NFKC (full-width letters and digits become ASCII) and lower case;
2. jieba with the agency-domain user dictionary (``data/userdict.txt``, plus the
   short row labels of the national report format), HMM
   off: unknown words fall apart into single characters on both sides instead
   of being guessed differently in different contexts;
3. each jieba word is cut into runs of letters and digits (``[^\\W_]+``), so
   that what reaches SQLite's ``unicode61`` tokenizer and PostgreSQL's parser is
   already one word each, and both databases see the same words.

Documents are segmented in jieba's *full mode*: every dictionary word at every
position (基本养老保险费 yields 基本, 养老, 养老保险, 养老保险费, 保险, 保险费), so a
dictionary word that a precise cut of the document would have hidden inside a
longer word or across a word boundary is still found. Queries are cut in
precise mode; a query matches a document holding every query word.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from pathlib import Path

USER_DICTIONARY = Path(__file__).resolve().parent / "data" / "userdict.txt"
_WORD = re.compile(r"[^\W_]+")
_HAN_WORD = re.compile(r"[\u4e00-\u9fff]{2,6}")
# Query words that narrow nothing down; dropped unless the query is made of them only.
QUERY_STOP_WORDS = frozenset("的 了 和 与 及 或 在 是 对 于 为 等 之".split())

_lock = threading.Lock()
_tokenizer = None


def _jieba():
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import logging

                import jieba

                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                tokenizer.load_userdict(str(USER_DICTIONARY))
                for word in format_words():
                    tokenizer.add_word(word, freq=800)
                _tokenizer = tokenizer
    return _tokenizer


def format_words() -> set[str]:
    """Short row labels of the national report format: words of this domain.

    Read from ``gongkai.annual_report.format``, the only place they may be spelled.
    """
    from gongkai.annual_report.format import FORMATS

    words = set()
    for fmt in FORMATS.values():
        for table in fmt.tables:
            for row in table.rows:
                words.update(part for part in row.path if _HAN_WORD.fullmatch(part))
    return words


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def _words(pieces: Iterable[str]) -> list[str]:
    words: list[str] = []
    for piece in pieces:
        words.extend(_WORD.findall(piece))
    return words


def index_words(text: str) -> list[str]:
    """The words a document's text is indexed under (search mode, in order, repeats kept)."""
    text = normalise(text)
    if not text.strip():
        return []
    return _words(_jieba().cut(text, cut_all=True))


def segment(text: str) -> str:
    """The text stored in the index: its words separated by spaces."""
    return " ".join(index_words(text))


def query_words(query: str) -> list[str]:
    """The words a query asks for, each once, in order.

    Precise mode, except that a single character the precise cut left alone is
    replaced by the longest dictionary word of the query that covers it
    (失业保险金 → 失业保险, 保险金, not 失业保险, 金): the index holds every
    dictionary word at every position, but a single character only where no
    word covers it, so a document holding the query's text holds these words.
    """
    text = normalise(query)
    if not text.strip():
        return []
    tokenizer = _jieba()
    dag = None
    pieces: list[str] = []
    position = 0
    for token in tokenizer.cut(text, HMM=False):
        piece = token
        if len(token) == 1 and _WORD.fullmatch(token) and not token.isascii():
            if dag is None:
                dag = tokenizer.get_DAG(text)
            piece = _covering_word(text, dag, position) or token
        pieces.append(piece)
        position += len(token)
    words = list(dict.fromkeys(_words(pieces)))
    meaningful = [word for word in words if word not in QUERY_STOP_WORDS]
    return meaningful or words


def _covering_word(text: str, dag: dict[int, list[int]], position: int) -> str | None:
    """The longest (then leftmost) dictionary word of ``text`` that covers ``position``."""
    best: tuple[int, int] | None = None
    for start in range(max(0, position - 8), position + 1):
        for end in dag.get(start, ()):
            if end > start and end >= position and (best is None or end - start > best[1] - best[0]):
                best = (start, end)
    return text[best[0] : best[1] + 1] if best else None
