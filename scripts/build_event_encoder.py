"""Rebuild ``src/eventwire/data/event_model/encoder/``, the fine-tuned sentence encoder of the event classifier.

How: :mod:`eventwire.encoder_training` (which ``eventwire train --encoder-epochs 8`` also uses), on the training
texts of ``eventwire.training.build_training_set`` (the split ``eventwire train`` uses: every current-taxonomy ACLED
row of 2020 held out).

Nothing of the evaluation sets is read. Needs the training-only packages (``pip install -e ".[vectors]"``).
Fine-tuning reads each training text eight times: about 3 minutes on one H200 GPU (``--device cuda``), about
eight hours on one CPU core. Seeded, but GPU kernels do not promise the same last bits from run to run, so a
rebuild matches the shipped model's figures, not its bytes (measured in benchmarks/RESULTS.md, section 3, sixth
session). To fine-tune on another machine without the training corpora, ``--export-texts PATH`` writes the
training texts to one file and ``--texts PATH`` reads it there (the file holds corpus text: keep it out of the
repository).

    .venv/bin/python scripts/build_event_encoder.py [--device cuda] [--out DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eventwire.encoder_training import EPOCHS, build_encoder, load_pairs, save_pairs, training_pairs  # noqa: E402
from eventwire.extract.encoder import ENCODER_DIR_NAME  # noqa: E402
from eventwire.extract.events import DEFAULT_MODEL_DIR  # noqa: E402
from eventwire.training import build_training_set, default_extra_data_dir  # noqa: E402

DEFAULT_ACLED_DIR = ROOT.parent / "shared" / "eval" / "acled"
DEFAULT_OUT = DEFAULT_MODEL_DIR / ENCODER_DIR_NAME


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("acled_files", nargs="*", type=Path, help=f"ACLED CSV files (default: {DEFAULT_ACLED_DIR}/*.csv)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder to write the encoder to")
    parser.add_argument("--epochs", type=int, default=EPOCHS, help="times each training text is read")
    parser.add_argument("--device", default="cpu", help="torch device to fine-tune on: cpu (default) or cuda")
    parser.add_argument("--seed", type=int, default=0, help="random seed")
    parser.add_argument("--export-texts", type=Path, default=None, metavar="PATH",
                        help="only write the training texts to PATH (gzip JSON lines) and stop, to fine-tune "
                             "elsewhere with --texts; the file holds corpus text: keep it out of the repository")
    parser.add_argument("--texts", type=Path, default=None, metavar="PATH",
                        help="read the training texts from a file --export-texts wrote instead of the ACLED files")
    args = parser.parse_args()
    if args.texts is not None:
        pairs, split = load_pairs(args.texts), ""
    else:
        files = args.acled_files or sorted(DEFAULT_ACLED_DIR.glob("*.csv"))
        training = build_training_set(files, seed=0, extra_data_dir=default_extra_data_dir(files))
        pairs, split = training_pairs(training.train), "; ".join(training.notes)
    if args.export_texts is not None:
        save_pairs(pairs, args.export_texts)
        print(f"wrote {args.export_texts}: {len(pairs)} distinct training examples", flush=True)
        return
    build_encoder(pairs, args.out, args.epochs, args.device, args.seed, split)


if __name__ == "__main__":
    main()
