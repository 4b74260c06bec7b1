"""What the clients log: one line per HTTP request, on the ``ciartifacts`` logger.

The library never configures logging unless asked: ``CIARTIFACTS_LOG=debug`` (or ``info``)
in the environment, or :func:`enable`, adds one stderr handler, as ``OPENAI_LOG`` does for
openai-python. Every URL is logged redacted: storage URLs (signed: their query is the
credential) without their query, API URLs — next-page ``Link`` URLs included — with only the
query values that are small numbers (page numbers and sizes) shown, and any token in use
redacted wherever it appears.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Mapping, Sequence
from urllib.parse import parse_qsl, urlencode

import httpx

from ciartifacts.errors import REDACTED, redact_secrets, redact_url

logger = logging.getLogger("ciartifacts")
LOG_VARIABLE = "CIARTIFACTS_LOG"
LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING}
_SHORT_WORD = re.compile(r"[A-Za-z0-9_.,-]*")
_FORMAT = "%(asctime)s ciartifacts %(levelname)s %(message)s"


def enable(level: str | int = logging.DEBUG) -> None:
    """Log to stderr at ``level`` (a name from :data:`LEVELS` or a logging level)."""
    if isinstance(level, str):
        level = LEVELS[level]
    if not any(getattr(h, "_ciartifacts", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(_FORMAT))
        handler._ciartifacts = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(level)


def enable_from_environment(environ: Mapping[str, str] | None = None) -> None:
    """Honour ``CIARTIFACTS_LOG``; an unknown level is ignored rather than fatal."""
    value = (os.environ if environ is None else environ).get(LOG_VARIABLE, "")
    level = LEVELS.get(value.strip().lower())
    if level is not None:
        enable(level)


def shown_url(
    url: httpx.URL, *, trusted: bool, credential_parameters: Sequence[str], secrets: Sequence[str]
) -> str:
    """``url`` as a log shows it: a storage URL without its query, an API URL with only
    harmless query values; any token in use redacted."""
    text = str(url)
    if not trusted:
        return redact_secrets(redact_url(text) + ("?" + REDACTED if url.query else ""), secrets)
    base = redact_url(text)
    if url.query:
        hidden = {name.lower() for name in credential_parameters}
        pairs = [
            (name, value if _harmless(value) and name.lower() not in hidden else REDACTED)
            for name, value in parse_qsl(url.query.decode("ascii", "replace"), True)
        ]
        base += "?" + urlencode(pairs, safe="[]")
    return redact_secrets(base, secrets)


def _harmless(value: str) -> bool:
    """Page numbers, sizes and flags are what a reader of the log needs; a longer value may be
    a credential a server put in a ``Link`` URL, so it is not shown."""
    return len(value) <= 12 and _SHORT_WORD.fullmatch(value) is not None


def log_request(
    method: str,
    url: str,
    status: int | str,
    seconds: float,
    attempt: int,
) -> None:
    retry = f" (attempt {attempt})" if attempt > 1 else ""
    logger.debug("%s %s -> %s in %.0f ms%s", method, url, status, seconds * 1000, retry)
