import importlib

import eventwire


def test_public_api_all_is_complete_and_sorted():
    public = {name for name in dir(eventwire) if not name.startswith("_") and name not in {"annotations", "functools", "date", "Optional", "Union"}}
    stage_modules = {"errors", "model", "extract", "ingest", "nlp", "pipeline", "resolve", "export", "cli", "evaluate"}
    assert set(eventwire.__all__) - {"__version__"} <= public
    assert list(eventwire.__all__) == sorted(eventwire.__all__)
    assert (public - stage_modules) <= set(eventwire.__all__), public - stage_modules - set(eventwire.__all__)


def test_public_api_extract_stays_the_function_after_stage_imports():
    importlib.import_module("eventwire.extract.places")
    importlib.import_module("eventwire.pipeline")
    assert callable(eventwire.extract)
    assert eventwire.extract.__module__ == "eventwire"
