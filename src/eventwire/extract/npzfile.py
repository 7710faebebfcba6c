"""The packaged models' file format: plain ``.npz`` arrays (read with ``allow_pickle=False``), text stored as
UTF-8 bytes, and errors that say how to rebuild a missing or damaged file."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Iterator, Sequence

import numpy as np

from ..errors import DataError


def text_array(lines: Sequence[str]) -> np.ndarray:
    """Lines of text as one uint8 array (no object arrays, so no pickles)."""
    return np.frombuffer("\n".join(lines).encode("utf-8"), dtype=np.uint8)


def text_lines(array: np.ndarray) -> list[str]:
    """The lines :func:`text_array` stored."""
    return array.tobytes().decode("utf-8").split("\n")


@contextlib.contextmanager
def open_npz(path: Path, what: str, rebuild: str) -> Iterator[np.lib.npyio.NpzFile]:
    """``np.load(path)``, where a missing file, a missing array or a damaged one is a :class:`DataError`
    naming ``what`` the file is and how to ``rebuild`` it."""
    if not path.is_file():
        raise DataError(f"{what} {path} is missing. Reinstall eventwire, or rebuild it with {rebuild}.")
    try:
        with np.load(path, allow_pickle=False) as data:
            yield data
    except (KeyError, ValueError, OSError, UnicodeDecodeError) as error:
        raise DataError(f"{what} {path} is malformed ({error}). Rebuild it with {rebuild}.") from error
