import importlib
import types

import eventwire


def test_public_api_all_is_complete_and_sorted():
    # Submodules (stages) are reached by their own import path; everything else public is in __all__.
    public = {
        name for name, value in vars(eventwire).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType) and name != "annotations"
        and getattr(value, "__module__", "eventwire").startswith("eventwire")
    }
    assert list(eventwire.__all__) == sorted(eventwire.__all__)
    assert public <= set(eventwire.__all__), public - set(eventwire.__all__)
    assert all(hasattr(eventwire, name) for name in eventwire.__all__)


def test_public_api_extract_stays_the_function_after_stage_imports():
    importlib.import_module("eventwire.extract.places")
    importlib.import_module("eventwire.pipeline")
    assert callable(eventwire.extract)
    assert eventwire.extract.__module__ == "eventwire"
