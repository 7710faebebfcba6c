"""Makes tests/eventwire_fakes.py importable from this folder (tests/ has no __init__.py)."""

import sys
from pathlib import Path

TESTS = str(Path(__file__).resolve().parents[1])
if TESTS not in sys.path:
    sys.path.insert(0, TESTS)
