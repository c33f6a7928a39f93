"""What the type models read of a text: its words (tf-idf) and its MiniLM sentence vector.

A type model sees a short text (a news summary, or the sentences that report an incident)
as two blocks of features, the same at training and at run time:

- **words**: sublinear tf-idf over a fixed vocabulary (``1 + ln(count)`` times the word's
  idf, the row scaled to unit length), with words as scikit-learn's default tokenizer cuts
  them (runs of two or more word characters, lower-cased). Words carry the decisive cues
  ("grenade", "abducted") that a sentence vector blurs;
- **minilm**: the text's MiniLM sentence vector (:mod:`newsevents.learn.encoder`), which
  carries the paraphrases the vocabulary misses ("lobbed a projectile at the post").

The vocabulary and idf are chosen on the training texts (:func:`build_vocabulary`) and
shipped in the head's ``meta.json`` (the words as the columns of the ``words`` block, the
idf as ``extra.idf``), so a model is one self-contained folder.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from newsevents.learn.encoder import DIM, Encoder, get_encoder
from newsevents.learn.heads import FeatureBlock

#: scikit-learn's default token pattern: words of two or more word characters.
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
WORDS_BLOCK = "words"
MINILM_BLOCK = "minilm"


def tokens(text: str) -> list[str]:
    """The lower-cased words of ``text`` the vocabulary is made of."""
    return _TOKEN.findall(text.lower())


@dataclass(frozen=True)
class Vocabulary:
    """Words with their inverse document frequencies, in column order."""

    words: tuple[str, ...]
    idf: tuple[float, ...]

    def __post_init__(self) -> None:
        if len(self.words) != len(self.idf):
            raise ValueError(f"{len(self.words)} words but {len(self.idf)} idf values")
        if len(set(self.words)) != len(self.words):
            raise ValueError("the vocabulary repeats a word")
        if not all(math.isfinite(v) and v > 0 for v in self.idf):
            raise ValueError("idf values must be finite and positive")

    @property
    def index(self) -> dict[str, int]:
        """Column of each word."""
        return {word: i for i, word in enumerate(self.words)}


def build_vocabulary(texts: Iterable[str], size: int, min_df: int = 2) -> Vocabulary:
    """The ``size`` words found in most of ``texts`` (in at least ``min_df`` of them), with
    scikit-learn's smoothed idf, ``ln((1 + n) / (1 + df)) + 1``. Ties are broken
    alphabetically, so the vocabulary depends on the texts alone."""
    df: Counter[str] = Counter()
    n = 0
    for text in texts:
        n += 1
        df.update(set(tokens(text)))
    ranked = sorted((w for w, c in df.items() if c >= min_df), key=lambda w: (-df[w], w))
    words = tuple(sorted(ranked[:size]))
    idf = tuple(math.log((1 + n) / (1 + df[w])) + 1.0 for w in words)
    return Vocabulary(words, idf)


def word_matrix(texts: Sequence[str], vocabulary: Vocabulary) -> NDArray[np.float32]:
    """Sublinear tf-idf rows of ``texts`` over ``vocabulary``, each of unit length (a text
    with no vocabulary word gives a row of zeros)."""
    index = vocabulary.index
    idf = np.asarray(vocabulary.idf, dtype=np.float64)
    out = np.zeros((len(texts), len(vocabulary.words)), dtype=np.float64)
    for row, text in enumerate(texts):
        counts = Counter(t for t in tokens(text) if t in index)
        for word, count in counts.items():
            col = index[word]
            out[row, col] = (1.0 + math.log(count)) * idf[col]
        norm = np.linalg.norm(out[row])
        if norm > 0:
            out[row] /= norm
    return out.astype(np.float32)


def feature_blocks(vocabulary: Vocabulary) -> tuple[FeatureBlock, FeatureBlock]:
    """The head layout of these features: the vocabulary's words, then the MiniLM vector."""
    return (
        FeatureBlock(name=WORDS_BLOCK, size=len(vocabulary.words), columns=vocabulary.words),
        FeatureBlock(name=MINILM_BLOCK, size=DIM),
    )


def vocabulary_of(blocks: Sequence[FeatureBlock], idf: object) -> Vocabulary:
    """The vocabulary a head's layout and ``extra.idf`` describe; ValueError saying what is
    wrong when they are not the layout of :func:`feature_blocks`."""
    names = tuple(block.name for block in blocks)
    if names != (WORDS_BLOCK, MINILM_BLOCK) or blocks[1].size != DIM:
        raise ValueError(f"feature blocks {names}; expected ('words', 'minilm' of {DIM})")
    words = blocks[0].columns
    if words is None:
        raise ValueError("the words block does not name its words")
    if not isinstance(idf, list) or not all(isinstance(v, int | float) for v in idf):
        raise ValueError("extra.idf must be a list of numbers")
    return Vocabulary(words, tuple(float(v) for v in idf))


def feature_matrix(
    texts: Sequence[str], vocabulary: Vocabulary, encoder: Encoder | None = None
) -> NDArray[np.float32]:
    """Word and MiniLM features of ``texts``: shape ``(len(texts), len(words) + 384)``."""
    if not texts:
        return np.zeros((0, len(vocabulary.words) + DIM), dtype=np.float32)
    vectors = (encoder or get_encoder()).sentence_vectors(list(texts))
    return np.concatenate([word_matrix(texts, vocabulary), vectors], axis=1).astype(np.float32)


__all__ = [
    "MINILM_BLOCK",
    "WORDS_BLOCK",
    "Vocabulary",
    "build_vocabulary",
    "feature_blocks",
    "feature_matrix",
    "tokens",
    "vocabulary_of",
    "word_matrix",
]
