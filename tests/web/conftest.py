"""Fixtures for the web tests: a store filled from hand-written documents, a TestClient, a live server."""

from __future__ import annotations

import socket
import sys
import threading
import time
from pathlib import Path

import pytest

HERE = str(Path(__file__).parent)
if HERE not in sys.path:  # pytest runs with --import-mode=importlib: helpers beside the tests need this
    sys.path.insert(0, HERE)

from web_store_fixture import build_store  # noqa: E402


@pytest.fixture(scope="session")
def store(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("web") / "events.duckdb"
    return path, build_store(path)


@pytest.fixture(scope="session")
def client(store):
    from fastapi.testclient import TestClient

    from eventwire.web import create_app

    with TestClient(create_app(store[0])) as test_client:
        yield test_client


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(store):
    """The app served by uvicorn on a free local port, in a thread of this process."""
    import uvicorn

    from eventwire.web import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(store[0]), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test web server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
