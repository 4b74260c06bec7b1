"""When the next request to an origin may go: shared back-off and rate-limit pacing.

Sans-IO and thread-safe: the flow asks :meth:`Pacer.try_send` before each request and reports
each answer; the pacer only does arithmetic on the times it is given.

* **Back-off is shared.** A 429 or 503 closes the origin until the wait the server asked for
  has passed, for every worker at once: a storm of 429s costs one wait, not one per artifact.
* **Pacing.** Where a provider reports its budget (Buildkite ``RateLimit-Remaining`` /
  ``RateLimit-Reset``, GitHub ``x-ratelimit-*``), requests stop when it is spent and resume
  when the window resets, so the server never has to refuse one. Requests in flight count
  against the budget until answered, and answers to requests sent before a reset are not
  mistaken for news about the new window.
"""

from __future__ import annotations

import threading

import attrs

Origin = tuple[str, str, int]

# Reset times come in whole seconds, rounded either way: wait a little past the estimate.
RESET_MARGIN = 0.05


@attrs.frozen
class RateLimit:
    """A provider's report of its current rate-limit window."""

    remaining: int
    reset_in: float
    limit: int | None = None


@attrs.frozen
class Ticket:
    """One request on its way: which origin, and in which window it was sent."""

    origin: Origin
    epoch: int


@attrs.define
class _OriginState:
    blocked_until: float = 0.0
    # The lowest "remaining" reported in the current window (None: no report yet). A server
    # only ever lowers it within a window, so every request it counted but whose answer has
    # not come back is still in flight: lowest - in flight never overdraws.
    lowest: int | None = None
    limit: int | None = None
    window_end: float | None = None
    epoch: int = 0
    in_flight: int = 0
    # Requests of this window that got no answer: the server may have counted them.
    lost: int = 0

    def available(self) -> int | None:
        if self.lowest is None:
            return None
        return self.lowest - self.in_flight - self.lost


class Pacer:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._origins: dict[Origin, _OriginState] = {}

    def try_send(self, origin: Origin, now: float) -> Ticket | float:
        """A ticket if a request may go now (it then counts as in flight), else how many
        seconds to wait before asking again."""
        with self._lock:
            state = self._origins.setdefault(origin, _OriginState())
            if now < state.blocked_until:
                return state.blocked_until - now
            if state.window_end is not None and now >= state.window_end + RESET_MARGIN:
                # The window has reset: its full budget, less what is still on its way.
                state.epoch += 1
                state.window_end = None
                state.lowest = state.limit
                state.lost = 0
            available = state.available()
            if available is not None and available <= 0:
                if state.window_end is None:
                    # Spent, with no reset time known yet: an answer on its way will tell.
                    return 0.05 if state.in_flight else 1.0
                return state.window_end + RESET_MARGIN - now
            state.in_flight += 1
            return Ticket(origin, state.epoch)

    def answered(self, ticket: Ticket, now: float, rate: RateLimit | None) -> None:
        """The request got an answer; ``rate`` is what its headers said, if anything."""
        with self._lock:
            state = self._origins[ticket.origin]
            state.in_flight -= 1
            # An answer to a request sent before the reset speaks of the old window.
            if rate is None or ticket.epoch != state.epoch:
                return
            end = now + max(0.0, rate.reset_in)
            # Resets come in whole seconds: the earliest estimate is the closest.
            state.window_end = end if state.window_end is None else min(state.window_end, end)
            if state.lowest is None or rate.remaining < state.lowest:
                state.lowest = rate.remaining
            if rate.limit is not None:
                state.limit = rate.limit

    def failed(self, ticket: Ticket) -> None:
        """The request got no answer (connection failure, cancellation)."""
        with self._lock:
            state = self._origins[ticket.origin]
            state.in_flight -= 1
            if ticket.epoch == state.epoch:
                state.lost += 1

    def back_off(self, origin: Origin, until: float) -> None:
        """Close the origin to every request until ``until``."""
        with self._lock:
            state = self._origins.setdefault(origin, _OriginState())
            state.blocked_until = max(state.blocked_until, until)
