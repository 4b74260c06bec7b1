"""Turning an HTTP error response into the right :class:`~ciartifacts.errors.APIError`.

Error bodies differ per provider and are not always JSON: a proxy answers HTML, CircleCI answers
EDN when the Accept header is lost, storage answers S3's XML, some answers are empty. One parser
reads them all, so every provider's errors carry the provider's own message and request id.
"""

from __future__ import annotations

import json
import re
from time import time
from typing import Any

import httpx

from ciartifacts.errors import APIError, RateLimitedError, api_error_for_status, one_line

_MESSAGE_KEYS = ("message", "error_message", "error", "detail", "title")
_REQUEST_ID_KEYS = ("request_id", "requestId", "request-id")
_REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-amz-request-id", "x-github-request-id")
_EDN_MESSAGE = re.compile(r':message\s+"((?:[^"\\]|\\.)*)"')
_XML_FIELD = re.compile(r"<(Message|Code|RequestId)>([^<]*)</\1>")
_HTML_TITLE = re.compile(r"<title[^>]*>([^<]*)</title>", re.IGNORECASE)


def error_from_response(
    provider: str,
    response: httpx.Response,
    body: bytes,
    *,
    source: str = "",
    rate_limited: bool = False,
    retry_after: float | None = None,
) -> APIError:
    """The APIError subclass for this status, with the provider's message and request id.

    ``body`` is what was read of the answer (the flow caps it). ``source`` names who answered
    when it is not the provider's API (``"storage"``), so the error still belongs to the
    provider but says where it came from. ``rate_limited`` makes it a RateLimitedError
    whatever the status (GitHub refuses with 403), ``retry_after`` the wait if known.
    """
    message, request_id, error_code = _parse_body(response, body)
    if source:
        message = f"{source} answered: {message or response.reason_phrase or 'error'}"
    request_id = request_id or next(
        (response.headers[name] for name in _REQUEST_ID_HEADERS if name in response.headers), None
    )
    wait = retry_after if retry_after is not None else retry_after_seconds(response)
    if rate_limited:
        return RateLimitedError(
            provider, response.status_code, message, request_id, error_code, wait
        )
    return api_error_for_status(
        provider, response.status_code, message, request_id, error_code, wait
    )


def retry_after_seconds(response: httpx.Response) -> float | None:
    """``Retry-After`` (seconds or an HTTP date) in seconds from now, if the answer has one."""
    value = response.headers.get("retry-after")
    if value is None:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime  # rarely needed; slow to import

    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _parse_body(response: httpx.Response, body: bytes) -> tuple[str | None, str | None, str | None]:
    text = body.decode(response.encoding or "utf-8", errors="replace").strip() if body else ""
    if not text:
        return None, None, None
    if text[0] in "{[":
        try:
            return _from_json(json.loads(text))
        except (ValueError, RecursionError):
            pass
    if (match := _EDN_MESSAGE.search(text)) is not None:
        return match.group(1).replace('\\"', '"'), None, None
    if text.startswith("<"):
        fields = dict(_XML_FIELD.findall(text))
        if fields:
            return fields.get("Message") or None, fields.get("RequestId"), fields.get("Code")
        if (title := _HTML_TITLE.search(text)) is not None:
            return one_line(title.group(1), 200), None, None
        return None, None, None
    return one_line(text, 200), None, None


def _from_json(body: Any) -> tuple[str | None, str | None, str | None]:
    if not isinstance(body, dict):
        return None, None, None
    message = next((body[k] for k in _MESSAGE_KEYS if isinstance(body.get(k), str)), None)
    errors = body.get("errors")
    if isinstance(errors, list) and errors:
        detail = "; ".join(str(e) for e in errors[:3])
        message = f"{message}: {detail}" if message else detail
    request_id = next((body[k] for k in _REQUEST_ID_KEYS if isinstance(body.get(k), str)), None)
    code = body.get("error_code")
    return message, request_id or None, code if isinstance(code, str) and code else None
