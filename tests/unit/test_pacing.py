"""The pacer: shared back-off per origin, and rate-limit budgets that are never overdrawn."""

from __future__ import annotations

from ciartifacts.pacing import RESET_MARGIN, Pacer, RateLimit, Ticket

API = ("https", "api.buildkite.com", 443)
STORAGE = ("https", "bucket.s3.amazonaws.com", 443)


def send(pacer: Pacer, now: float, origin: tuple[str, str, int] = API) -> Ticket:
    ticket = pacer.try_send(origin, now)
    assert isinstance(ticket, Ticket), f"expected to send, was told to wait {ticket}"
    return ticket


def test_without_rate_headers_everything_goes() -> None:
    pacer = Pacer()
    tickets = [send(pacer, 0.0) for _ in range(100)]
    for ticket in tickets:
        pacer.answered(ticket, 0.1, None)
    send(pacer, 0.2)


def test_back_off_closes_the_origin_for_every_worker_once() -> None:
    pacer = Pacer()
    pacer.back_off(STORAGE, until=10.0)
    waits = [pacer.try_send(STORAGE, 4.0) for _ in range(16)]
    assert waits == [6.0] * 16  # all workers wait the same single pause
    assert isinstance(pacer.try_send(API, 4.0), Ticket)  # other origins are not affected
    pacer.back_off(STORAGE, until=8.0)  # an earlier end never shortens a pause
    assert pacer.try_send(STORAGE, 9.0) == 1.0
    send(pacer, 10.0, STORAGE)


def test_the_budget_counts_requests_in_flight_and_waits_for_the_reset() -> None:
    pacer = Pacer()
    first = send(pacer, 0.0)
    pacer.answered(first, 0.0, RateLimit(remaining=3, reset_in=5.0, limit=100))
    in_flight = [send(pacer, 0.1) for _ in range(3)]
    wait = pacer.try_send(API, 0.2)
    assert wait == 5.0 + RESET_MARGIN - 0.2  # 3 left, 3 on their way: none may go
    for ticket in in_flight:
        pacer.answered(ticket, 0.3, RateLimit(remaining=0, reset_in=5.0, limit=100))
    assert not isinstance(pacer.try_send(API, 4.9), Ticket)
    # After the reset a fresh window of `limit` requests opens.
    fresh = [send(pacer, 5.0 + RESET_MARGIN) for _ in range(100)]
    assert not isinstance(pacer.try_send(API, 5.1), Ticket)
    assert len(fresh) == 100


def test_the_earliest_reset_estimate_wins_within_a_window() -> None:
    pacer = Pacer()
    a, b = send(pacer, 0.0), send(pacer, 0.0)
    # Whole seconds rounded up: 4.2 s left reads "5" at t=0.8, 4.0 s left reads "4" at t=1.0.
    pacer.answered(a, 0.8, RateLimit(remaining=0, reset_in=5.0))
    pacer.answered(b, 1.0, RateLimit(remaining=0, reset_in=4.0))
    assert pacer.try_send(API, 2.0) == 5.0 + RESET_MARGIN - 2.0


def test_answers_from_before_a_reset_do_not_spend_the_new_window() -> None:
    pacer = Pacer()
    probe = send(pacer, 0.0)
    pacer.answered(probe, 0.0, RateLimit(remaining=1, reset_in=1.0, limit=10))
    late = send(pacer, 0.5)  # the last request of the old window, still on its way
    assert not isinstance(pacer.try_send(API, 0.6), Ticket)
    new_window = [send(pacer, 1.0 + RESET_MARGIN) for _ in range(9)]  # 10, less the late one
    assert not isinstance(pacer.try_send(API, 1.1), Ticket)
    pacer.answered(late, 1.2, RateLimit(remaining=0, reset_in=0.0, limit=10))  # stale news
    for ticket in new_window:
        pacer.answered(ticket, 1.3, RateLimit(remaining=5, reset_in=1.0, limit=10))
    # The stale "0 remaining" was ignored: the new window's own answers decide.
    assert isinstance(pacer.try_send(API, 1.4), Ticket)


def test_a_request_without_an_answer_stays_spent_until_the_reset() -> None:
    pacer = Pacer()
    first = send(pacer, 0.0)
    pacer.answered(first, 0.0, RateLimit(remaining=1, reset_in=10.0, limit=5))
    lost = send(pacer, 0.1)
    pacer.failed(lost)  # the server may have counted it before the connection broke
    assert pacer.try_send(API, 0.2) == 10.0 + RESET_MARGIN - 0.2
    assert len([send(pacer, 10.0 + RESET_MARGIN) for _ in range(5)]) == 5


def test_answers_out_of_order_never_raise_the_budget() -> None:
    pacer = Pacer()
    a, b = send(pacer, 0.0), send(pacer, 0.0)
    # The server counted a (4 left) then b (3 left); b's answer arrives first.
    pacer.answered(b, 0.1, RateLimit(remaining=3, reset_in=9.0))
    pacer.answered(a, 0.2, RateLimit(remaining=4, reset_in=9.0))
    sent = [send(pacer, 0.3) for _ in range(3)]
    assert not isinstance(pacer.try_send(API, 0.3), Ticket)
    assert len(sent) == 3
