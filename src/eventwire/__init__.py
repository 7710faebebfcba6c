"""eventwire: code news about armed conflict, political violence and protest into ACLED-style events.

>>> import eventwire
>>> doc = eventwire.extract(text, published="2016-10-30", source="HNGN")
>>> doc.events[0].sub_event_type
'Government regains territory'
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Optional, Union

# The stage package ``eventwire.extract`` is imported before the function ``extract`` below is
# defined: importing a subpackage sets it as an attribute of its parent, and the public function
# must be what ``eventwire.extract`` names, however the subpackage is imported later.
from . import extract as _extract_stage  # noqa: F401
from .errors import EventwireError
from .model import Article, Document, Entity, Event, Evidence, Mention, Place, Quote

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Document",
    "Entity",
    "Event",
    "EventwireError",
    "Evidence",
    "Mention",
    "Place",
    "Quote",
    "__version__",
    "extract",
    "get_pipeline",
]


@functools.lru_cache(maxsize=1)
def get_pipeline():
    """The default :class:`~eventwire.pipeline.Pipeline`, built once per process (models load once)."""
    from .pipeline import Pipeline

    return Pipeline()


def extract(
    text: str,
    published: Union[str, date, None] = None,
    title: Optional[str] = None,
    source: Optional[str] = None,
    url: Optional[str] = None,
) -> Document:
    """Code one article's text. ``published`` (ISO date) anchors relative dates such as "on Monday"."""
    from .errors import EmptyInputError
    from .ingest.reader import parse_published

    if not isinstance(text, str) or not text.strip():
        raise EmptyInputError("The text is empty: there is nothing to code.")
    article = Article(text=text, title=title, published=parse_published(published), source=source, url=url)
    return get_pipeline()(article)
