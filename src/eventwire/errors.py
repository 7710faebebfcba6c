"""Errors eventwire raises on purpose. The CLI turns each into one line on stderr and exit code 2.

Tree::

    EventwireError
     ├── InputError          the input cannot be read or is not usable text
     │    ├── EmptyInputError
     │    ├── BinaryInputError
     │    └── InputTooLargeError
     ├── MetadataError       an option or field has a value eventwire cannot understand (a date)
     ├── DataError           a data file (actor dictionary, gazetteer dump, model) is missing or malformed
     └── ModelNotFoundError  no English spaCy pipeline is installed
"""

from __future__ import annotations


class EventwireError(Exception):
    """Base class: the message is a full sentence that says what is wrong and what to do."""


class InputError(EventwireError):
    """The input cannot be read, or is not usable text."""


class EmptyInputError(InputError):
    """The input holds no text."""


class BinaryInputError(InputError):
    """The input is binary data, not text."""


class InputTooLargeError(InputError):
    """The input is larger than the configured limit."""


class MetadataError(EventwireError):
    """A metadata value (such as the publication date) cannot be understood."""


class DataError(EventwireError):
    """A data file is missing or malformed."""


class ModelNotFoundError(EventwireError):
    """No English spaCy pipeline is installed."""
