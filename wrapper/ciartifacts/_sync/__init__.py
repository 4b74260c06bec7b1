"""The asynchronous download flow: the one source both clients are made from."""
