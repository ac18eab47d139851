"""Is a Stanza character language model on the SaudiNewsNet archive affordable here? One epoch of
``stanza.models.charlm`` on a small slice of the archive (segmented and normalised like the NER input, one
sentence a line), timed, and the time of one epoch over the whole archive extrapolated from it.

The archive's size in characters is estimated from its first day file (segmented in full) scaled by the
compressed sizes of all day files. Printed, not asserted; nothing is kept.

    PYTHONPATH=. python bench/bench_charlm.py [--slice-chars 200000] [--hidden 1024 256] [--threads 1]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import torch

from kg.ner.train import _evaluation_articles, archive_sentences, default_archive


def write_lines(sentences, path: Path, chars: int) -> int:
    """Write sentences (tokens joined by spaces) to ``path`` until ``chars`` characters; returns the count."""
    written = 0
    with path.open("w", encoding="utf-8") as handle:
        for tokens in sentences:
            line = " ".join(tokens)
            handle.write(line + "\n")
            written += len(line) + 1
            if written >= chars:
                break
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slice-chars", type=int, default=200_000)
    parser.add_argument("--hidden", type=int, nargs="+", default=[1024, 256])
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    from stanza.models import charlm

    torch.set_num_threads(args.threads)
    archive = default_archive()
    days = sorted(archive.glob("*.jsonl.gz"))
    started = time.perf_counter()
    first_day_chars = sum(len(" ".join(tokens)) + 1
                          for tokens in archive_sentences(days[0], exclude=_evaluation_articles()))
    segmenting = time.perf_counter() - started
    total_chars = first_day_chars * sum(day.stat().st_size for day in days) / days[0].stat().st_size
    print(f"archive: {len(days)} day files, about {total_chars / 1e6:.0f} million characters once segmented "
          f"(first day: {first_day_chars / 1e6:.1f} million, segmented in {segmenting:.0f} s)")
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        sentences = archive_sentences(days[0], exclude=_evaluation_articles())
        train_chars = write_lines(sentences, folder / "train.txt", args.slice_chars)
        write_lines(sentences, folder / "dev.txt", args.slice_chars // 10)
        for hidden in args.hidden:
            started = time.perf_counter()
            charlm.main(["--train_file", str(folder / "train.txt"), "--eval_file", str(folder / "dev.txt"),
                         "--shorthand", "ar_snn", "--direction", "forward", "--epochs", "1", "--cutoff", "5",
                         "--char_hidden_dim", str(hidden), "--save_dir", str(folder), "--save_name", f"{hidden}.pt",
                         "--no_checkpoint", "--report_steps", "1000"])
            seconds = time.perf_counter() - started
            epoch_hours = total_chars / (train_chars / seconds) / 3600
            print(f"hidden {hidden}: {train_chars:,} characters in {seconds:.0f} s ({train_chars / seconds:,.0f}/s, "
                  f"{args.threads} thread(s)): one epoch of the archive about {epoch_hours:.1f} h per direction, "
                  f"{2 * epoch_hours:.1f} h forward + backward")


if __name__ == "__main__":
    main()
