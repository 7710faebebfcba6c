"""The analyst web app and API over an event store (``eventwire serve``).

>>> from eventwire.web import create_app, serve
>>> app = create_app("events.duckdb")          # a FastAPI app, read-only
>>> serve("events.duckdb", port=8000)           # http://127.0.0.1:8000
"""

from .app import create_app, serve

__all__ = ["create_app", "serve"]
