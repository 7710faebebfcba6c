"""The side-by-side baseline: TF-IDF + linear SVM trained on current-taxonomy ACLED notes.

Every eval run reports it on the same items as eventwire, so a figure always comes with the answer to
"how much does eventwire add over a bag of words?". It predicts a sub-event type for every text (it
cannot say "no event": ACLED notes have no negatives), and the event type follows from the sub-type.

Training rows never include the items being evaluated: when the gold file is itself one of the ACLED
training files, that whole file is left out (the baseline trains on the *other* ACLED files), and any
training note whose text equals an evaluated text is dropped too (exports overlap). The trained model is
cached under ``$EVENTWIRE_HOME/cache/`` (else ``~/.local/share/eventwire/cache``, else a temp dir), keyed by
the training files and the excluded texts, so repeated eval runs do not retrain.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional, Sequence

from ..errors import DataError, EventwireError
from .readers import GoldEvent, read_acled_text

BASELINE_VERSION = "tfidf-linearsvc-v1"
SEED = 13
# Where the ACLED development files live when no directory is given (relative to the working directory
# first, then to the repository root, as the project README lays them out).
DEFAULT_DATA_DIRS = (Path("../shared/eval/acled"), Path(__file__).resolve().parents[4] / "shared" / "eval" / "acled")


@dataclass
class TrainingRows:
    """The notes and sub-event types the baseline learns from, and where they came from."""

    texts: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    excluded_files: list[str] = field(default_factory=list)
    dropped_duplicates: int = 0


class BaselineClassifier:
    """TF-IDF word uni- and bigrams + LinearSVC over the 25 ACLED sub-event types."""

    def __init__(self, description: str = "") -> None:
        self.description = description
        self._model = None

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> "BaselineClassifier":
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import make_pipeline
        from sklearn.svm import LinearSVC

        if len(set(labels)) < 2:
            raise DataError("The baseline needs training notes of at least two sub-event types.")
        self._model = make_pipeline(
            TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, lowercase=True),
            LinearSVC(C=0.5, random_state=SEED),
        )
        self._model.fit(list(texts), list(labels))
        return self

    def predict(self, texts: Sequence[str]) -> list[str]:
        if self._model is None:
            raise DataError("The baseline is not trained: call fit() first.")
        return [str(label) for label in self._model.predict(list(texts))]

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        with temporary.open("wb") as handle:
            pickle.dump({"version": BASELINE_VERSION, "description": self.description, "model": self._model}, handle)
        temporary.replace(path)  # atomic: a concurrent run never reads half a file

    @classmethod
    def load(cls, path: Path) -> "BaselineClassifier":
        # The cache is written only by this module, in the user's own directory.
        with path.open("rb") as handle:
            stored = pickle.load(handle)
        if stored.get("version") != BASELINE_VERSION:
            raise DataError(f"{path} holds a baseline of another version; delete it to retrain.")
        baseline = cls(stored["description"])
        baseline._model = stored["model"]
        return baseline


def default_data_dir() -> Optional[Path]:
    """``$EVENTWIRE_ACLED_DIR`` or the development ACLED folder, where present."""
    env = os.environ.get("EVENTWIRE_ACLED_DIR")
    candidates = [Path(env)] if env else list(DEFAULT_DATA_DIRS)
    return next((p for p in candidates if p.is_dir()), None)


def cache_dir() -> Path:
    """``$EVENTWIRE_HOME/cache``, else ``~/.local/share/eventwire/cache``, else the temp dir when unwritable."""
    home = os.environ.get("EVENTWIRE_HOME")
    base = Path(home).expanduser() if home else Path.home() / ".local" / "share" / "eventwire"
    path = base / "cache"
    try:
        path.mkdir(parents=True, exist_ok=True)
        return path
    except OSError:
        fallback = Path(tempfile.gettempdir()) / "eventwire-cache"
        fallback.mkdir(parents=True, exist_ok=True)
        return fallback


def _normalised(text: str) -> str:
    return " ".join(text.split()).lower()


def _same_file(a: Path, b: Optional[Path]) -> bool:
    if b is None:
        return False
    try:
        return a.resolve() == b.resolve() or (a.name == b.name and a.stat().st_size == b.stat().st_size)
    except OSError:
        return False


def collect_training_rows(
    data_dir: Path, eval_path: Optional[Path], eval_texts: Iterable[str]
) -> TrainingRows:
    """Current-taxonomy notes from every ACLED file in ``data_dir`` except the evaluated one and its texts."""
    excluded_texts = {_normalised(t) for t in eval_texts}
    rows = TrainingRows()
    for path in sorted(data_dir.glob("*.csv")):
        if _same_file(path, eval_path):
            rows.excluded_files.append(path.name)
            continue
        try:
            gold = read_acled_text(path.read_text(encoding="utf-8-sig", errors="replace"), str(path))
        except EventwireError:
            continue  # not an ACLED export (a codebook table)
        usable = [g for g in gold.items if isinstance(g, GoldEvent) and g.sub_event_type and not g.old_taxonomy]
        if not usable:
            continue  # old taxonomy: no sub-event types to learn
        rows.files.append(path.name)
        for g in usable:
            if _normalised(g.text) in excluded_texts:
                rows.dropped_duplicates += 1
                continue
            rows.texts.append(g.text)
            rows.labels.append(g.sub_event_type)
    return rows


def _cache_key(data_dir: Path, eval_path: Optional[Path], eval_texts: Sequence[str]) -> str:
    digest = hashlib.sha256(BASELINE_VERSION.encode())
    for path in sorted(data_dir.glob("*.csv")):
        stat = path.stat()
        digest.update(f"{path.name}:{stat.st_size}:{int(stat.st_mtime)};".encode())
    digest.update(f"exclude:{eval_path.name if eval_path else ''}:".encode())
    for text in sorted({_normalised(t) for t in eval_texts}):
        digest.update(hashlib.sha1(text.encode()).digest())
    return digest.hexdigest()[:20]


def baseline_for(
    eval_path: Optional[Path],
    eval_texts: Sequence[str],
    data_dir: Optional[Path] = None,
    cache: Optional[Path] = None,
) -> Optional[BaselineClassifier]:
    """The baseline trained on every ACLED file but the evaluated one (cached); ``None`` without ACLED data."""
    data_dir = data_dir or default_data_dir()
    if data_dir is None:
        return None
    path = (cache or cache_dir()) / f"baseline-{_cache_key(data_dir, eval_path, eval_texts)}.pkl"
    if path.is_file():
        try:
            return BaselineClassifier.load(path)
        except (DataError, OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            pass  # stale or damaged cache: retrain below
    rows = collect_training_rows(data_dir, eval_path, eval_texts)
    if not rows.texts:
        return None
    excluded = f"; left out: {', '.join(rows.excluded_files)}" if rows.excluded_files else ""
    description = (
        f"TF-IDF + LinearSVC trained on {len(rows.texts):,} current-taxonomy ACLED notes "
        f"({', '.join(rows.files)}{excluded}; {rows.dropped_duplicates} notes equal to evaluated texts dropped)"
    )
    baseline = BaselineClassifier(description).fit(rows.texts, rows.labels)
    try:
        baseline.save(path)
    except OSError:
        pass  # an unwritable cache only costs a retrain next time
    return baseline
