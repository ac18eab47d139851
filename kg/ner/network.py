"""The project's Stanza NER network run directly in torch, without Stanza's pipeline around it.

Stanza's pipeline builds a ``Document`` of token objects, batches sentences in input order, computes the CRF
training loss on every batch and decodes one sentence at a time. For a chunk of sentences the same network
gives the same tags with less work:

- every distinct token's input vector (word vector + character-LSTM state, through the input transform) is
  computed once per chunk: news text repeats its words, so the character LSTM sees a third of the tokens;
- sentences are sorted by length and batched, so a batch's LSTM steps carry few finished rows;
- no loss is computed; Viterbi decoding runs on a whole batch at once, in float32 like Stanza's;
- everything runs under ``torch.inference_mode``.

The forward pass runs on :data:`THREADS` torch threads (``threads=None``: torch's current setting).
``int8=True`` applies dynamic int8 quantisation to the LSTMs and linear layers
(``torch.ao.quantization.quantize_dynamic``); it is measured by ``bench/bench_ner.py`` and not the default.
"""

from __future__ import annotations

import copy
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

#: Sentences per LSTM batch (sorted by length, so a batch holds sentences of similar length).
SENTENCE_BATCH = 128
#: Distinct words per character-LSTM batch.
WORD_BATCH = 2048
#: Torch threads of the forward pass. The cores are shared (by other jobs, by a build's worker processes):
#: with torch's default of 2 threads on 2 busy cores the LSTM ran several times slower than with one
#: (bench/bench_ner.py), and one thread also gives the same float sums on any machine.
THREADS = 1
#: Stanza's tag vocabulary starts with <PAD>, <UNK>, <EMPTY>, <ROOT>; a prediction among them means O.
_RESERVED_TAGS = 4


@dataclass
class PreparedChunk:
    """A chunk of sentences as index tensors: the distinct words and each length-sorted sentence batch."""

    word_ids: object  # LongTensor (distinct words,): pretrained-vocabulary id
    delta_ids: object  # LongTensor (distinct words,): fine-tuned (delta) vocabulary id
    #: per character batch: (character ids padded, lengths, rows of those words among the distinct ones)
    char_batches: list[tuple[object, list[int], object]]
    #: per sentence batch: (sentence indices in input order, rows of their tokens padded, lengths)
    sentence_batches: list[tuple[list[int], object, list[int]]]


def _padded(rows: list[list[int]]):
    """A LongTensor of ``rows`` (longest first) padded with 0."""
    import torch

    padded = np.zeros((len(rows), len(rows[0])), dtype=np.int64)
    for i, row in enumerate(rows):
        padded[i, :len(row)] = row
    return torch.from_numpy(padded)


def viterbi_batch(scores: np.ndarray, lengths: list[int], transitions: np.ndarray) -> list[list[int]]:
    """Best tag sequence of each sentence of a padded batch (``scores``: sentences x steps x tags, sentences
    longest first, as the batches are built).

    Stanza's decoder, vectorised over the batch with the same float32 arithmetic and first-maximum ties.

    >>> transitions = np.array([[0.0, -5.0], [0.0, 0.0]], dtype=np.float32)
    >>> scores = np.array([[[1, 0], [0, 3], [0, 0]], [[0, 1], [2, 0], [9, 9]]], dtype=np.float32)
    >>> viterbi_batch(scores, [3, 2], transitions)
    [[1, 1, 0], [1, 0]]
    """
    count, steps, tags = scores.shape
    trellis = scores[:, 0].copy()
    backpointers = np.zeros((count, steps, tags), dtype=np.int32)
    running = np.asarray(lengths)
    if np.any(running[1:] > running[:-1]):
        raise ValueError("viterbi_batch needs the sentences longest first")
    for step in range(1, steps):
        active = int(np.count_nonzero(running > step))  # the sentences still running are the first ones
        candidates = trellis[:active, :, None] + transitions[None]
        best = candidates.argmax(1)
        backpointers[:active, step] = best
        trellis[:active] = scores[:active, step] + np.take_along_axis(candidates, best[:, None], 1)[:, 0]
    paths = []
    for row, length in enumerate(lengths):
        path = [int(trellis[row].argmax())]
        for step in range(length - 1, 0, -1):
            path.append(int(backpointers[row, step, path[-1]]))
        paths.append(path[::-1])
    return paths


class NetworkTagger:
    """BIOES tags from a Stanza NER model file (and its word vectors), computed directly in torch.

    >>> tagger = NetworkTagger.load(Path("kg/models/ner/ar_newsfane_nertagger.pt"),
    ...                             Path("kg/models/ner/ar_newsfane_pretrain.pt"))
    >>> tagger.tag([["و", "قال", "جيك", "سوليفان"]])
    [['O', 'O', 'B-PER', 'E-PER']]
    """

    def __init__(self, model, vocab, int8: bool = False, sentence_batch: int = SENTENCE_BATCH,
                 threads: int | None = THREADS):
        import torch

        model = model.eval()
        if int8:
            with warnings.catch_warnings():  # torch announces the quantised tensor API's deprecation on each use
                warnings.simplefilter("ignore", UserWarning)
                model = torch.ao.quantization.quantize_dynamic(copy.deepcopy(model), {torch.nn.LSTM, torch.nn.Linear},
                                                               dtype=torch.qint8)
        self.model = model
        self.vocab = vocab
        self.sentence_batch = sentence_batch
        self.threads = threads
        self.lowercase = model.args.get("lowercase", True)
        self.tag_names = vocab["tag"].items(0)
        self.transitions = model.crits[0]._transitions.detach().numpy()

    @classmethod
    def load(cls, model_path: Path, pretrain_path: Path | None, **options) -> NetworkTagger:
        """Load a model saved by Stanza's NER trainer (``pretrain_path``: its word vectors, or None).

        >>> NetworkTagger.load(Path("kg/models/ner/ar_newsfane_nertagger.pt"), None)  # doctest: +SKIP
        """
        from stanza.models.common.pretrain import Pretrain
        from stanza.models.ner.trainer import Trainer

        pretrain = Pretrain(str(pretrain_path)) if pretrain_path else None
        trainer = Trainer(model_file=str(model_path), pretrain=pretrain, device="cpu")
        args = trainer.model.args
        if args.get("charlm") or args.get("bert_model") or not args.get("char") or args.get("connect_output_layers"):
            raise ValueError(f"{model_path}: only word vectors + character LSTM models run without Stanza's pipeline")
        return cls(trainer.model, trainer.vocab, **options)

    def prepare(self, sentences: list[list[str]]) -> PreparedChunk:
        """Index tensors for ``sentences``: distinct words, character batches, length-sorted sentence batches.

        >>> chunk = NetworkTagger.load(Path("kg/models/ner/ar_newsfane_nertagger.pt"),
        ...     Path("kg/models/ner/ar_newsfane_pretrain.pt")).prepare([["قال", "و", "قال"], ["و"]])
        >>> len(chunk.word_ids), [order for order, _, _ in chunk.sentence_batches]
        (2, [[0, 1]])
        """
        import torch
        from stanza.models.common.vocab import PAD_ID, UNK_ID

        rows: dict[str, int] = {}
        for sentence in sentences:
            for word in sentence:
                rows.setdefault(word, len(rows))
        words = list(rows)
        keys = [word.lower() for word in words] if self.lowercase else words
        word_ids = torch.tensor(self.vocab["word"].map(keys) if "word" in self.vocab else [PAD_ID] * len(keys))
        delta_ids = torch.tensor(self.vocab["delta"].map(keys) if "delta" in self.vocab else [PAD_ID] * len(keys))
        if "word" in self.vocab and "delta" in self.vocab:
            # as Stanza does: a word the vectors know but the fine-tuned vocabulary does not gets no delta
            delta_ids[(delta_ids == UNK_ID) & (word_ids != UNK_ID)] = PAD_ID
        by_length = sorted(range(len(words)), key=lambda row: (-len(words[row]), row))
        char_batches = []
        for start in range(0, len(by_length), WORD_BATCH):
            batch = by_length[start:start + WORD_BATCH]
            chars = [self.vocab["char"].map(list(words[row])) for row in batch]
            char_batches.append((_padded(chars), [len(ids) for ids in chars], torch.tensor(batch)))
        order = sorted((i for i, sentence in enumerate(sentences) if sentence), key=lambda i: (-len(sentences[i]), i))
        sentence_batches = []
        for start in range(0, len(order), self.sentence_batch):
            batch = order[start:start + self.sentence_batch]
            sentence_batches.append((batch, _padded([[rows[word] for word in sentences[i]] for i in batch]),
                                     [len(sentences[i]) for i in batch]))
        return PreparedChunk(word_ids, delta_ids, char_batches, sentence_batches)

    def word_inputs(self, chunk: PreparedChunk):
        """The LSTM input vector of each distinct word: word vectors and character state, transformed."""
        import torch
        from torch.nn.utils.rnn import pack_padded_sequence

        model = self.model
        chars = model.charmodel
        hidden = chars.args["char_hidden_dim"]
        states = torch.empty(len(chunk.word_ids), 2 * hidden)
        for padded, lengths, rows in chunk.char_batches:
            packed = pack_padded_sequence(chars.char_emb(padded), lengths, batch_first=True)
            initial = (chars.charlstm_h_init.expand(2, len(lengths), hidden).contiguous(),
                       chars.charlstm_c_init.expand(2, len(lengths), hidden).contiguous())
            _, (last, _) = chars.charlstm.lstm(packed, initial)
            states[rows] = last[-2:].transpose(0, 1).reshape(len(lengths), -1)
        vectors = []
        if "word" in self.vocab:
            vectors.append(model.word_emb(chunk.word_ids))
        if model.delta_emb is not None:
            delta = model.delta_emb(chunk.delta_ids)
            vectors = [vectors[0] + delta] if vectors else [delta]
        inputs = torch.cat(vectors + [states], 1)
        return model.input_transform(inputs) if model.input_transform is not None else inputs

    def scores(self, chunk: PreparedChunk) -> list[tuple[list[int], np.ndarray, list[int]]]:
        """Emission scores of each sentence batch: (sentence indices, padded scores, lengths). This is the
        network's whole forward pass, the part ``bench/bench_ner.py`` times as the floor."""
        import torch

        if not chunk.sentence_batches:
            return []
        previous = torch.get_num_threads()
        torch.set_num_threads(self.threads or previous)
        try:
            return self._scores(chunk)
        finally:
            torch.set_num_threads(previous)

    def _scores(self, chunk: PreparedChunk) -> list[tuple[list[int], np.ndarray, list[int]]]:
        """:meth:`scores` on the current torch threads."""
        import torch
        from torch.nn.utils.rnn import (
            PackedSequence,
            pack_padded_sequence,
            pad_packed_sequence,
        )

        model = self.model
        hidden = model.args["hidden_dim"]
        layers = 2 * model.args["num_layers"]
        with torch.inference_mode():
            inputs = self.word_inputs(chunk)
            results = []
            for batch, rows, lengths in chunk.sentence_batches:
                packed = pack_padded_sequence(inputs[rows], lengths, batch_first=True)
                initial = (model.taggerlstm_h_init.expand(layers, len(batch), hidden).contiguous(),
                           model.taggerlstm_c_init.expand(layers, len(batch), hidden).contiguous())
                output, _ = model.taggerlstm.lstm(packed, initial)
                logits = PackedSequence(model.tag_clfs[0](output.data), output.batch_sizes)
                results.append((batch, pad_packed_sequence(logits, batch_first=True)[0].numpy(), lengths))
        return results

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        """BIOES tags of each sentence (tokens normalised and segmented like the training corpus).

        >>> NetworkTagger.load(Path("kg/models/ner/ar_newsfane_nertagger.pt"),
        ...     Path("kg/models/ner/ar_newsfane_pretrain.pt")).tag([[], ["لبنان"]])
        [[], ['S-GPE']]
        """
        from stanza.models.ner.trainer import fix_singleton_tags

        tagged: list[list[str]] = [[] for _ in sentences]
        for batch, scores, lengths in self.scores(self.prepare(sentences)):
            for i, path in zip(batch, viterbi_batch(scores, lengths, self.transitions)):
                tagged[i] = fix_singleton_tags([self.tag_names[max(tag, _RESERVED_TAGS)] for tag in path])
        return tagged
