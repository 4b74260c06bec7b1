"""Dask on a real cluster: two worker processes read artifacts from the fakes.

The fakes' variables are put in the environment before the cluster starts, so the worker
processes inherit them: that is where their filesystems take credentials from. The task graphs
carry filesystems, paths and the runs ``latest`` selectors resolved to, never a token. One
cluster for the module (it takes a few seconds to start).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import cloudpickle
import dask
import dask.bag as db
import dask.dataframe as dd
import pandas as pd
import pytest
from dask.bytes import read_bytes
from distributed import Client, LocalCluster

from ciartifacts.filesystem import FILESYSTEMS
from ciartifacts.testing import FakeProviders

pytestmark = pytest.mark.e2e

LOGS = {"logs/a.log": b"alpha 1\nalpha 2\n", "logs/b.log": b"beta \xc3\xa9\n"}
BINARY = bytes(range(256)) * 40
PARTS = {
    f"part-{part}.csv": b"test,seconds\n"
    + b"".join(f"test_{part}_{row},{row / 4}\n".encode() for row in range(60))
    for part in range(2)
}


def _clear_instances() -> None:
    for cls in FILESYSTEMS.values():
        cls.clear_instance_cache()


@pytest.fixture(scope="module")
def fakes() -> Iterator[FakeProviders]:
    with FakeProviders() as started, pytest.MonkeyPatch.context() as patch:
        for name, value in started.env().items():
            patch.setenv(name, value)
        _clear_instances()
        yield started
        _clear_instances()
        assert started.storage.credential_attempts == 0, "a credential reached storage"
        assert not started.internal_errors


@pytest.fixture(scope="module")
def client(fakes: FakeProviders) -> Iterator[Client]:
    cluster = LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    with cluster, Client(cluster) as connected:
        yield connected


def _tokens(fakes: FakeProviders) -> list[bytes]:
    return [api.token.encode() for api in fakes.apis.values()]


def _instances_on_workers(client: Client, protocol: str) -> int:
    def count() -> int:
        from ciartifacts.filesystem import FILESYSTEMS

        return len(FILESYSTEMS[protocol]._cache)

    return sum(client.run(count).values())


def test_bags_read_exact_bytes_of_the_run_a_latest_selector_resolved_to(
    fakes: FakeProviders, client: Client
) -> None:
    fakes.buildkite.add_build("acme", "dask", 1, branch="main")
    for path, content in LOGS.items():
        fakes.buildkite.add_artifact("acme", "dask", 1, path, content)
    fakes.buildkite.add_artifact("acme", "dask", 1, "bin/data.bin", BINARY)
    latest = "buildkite://acme/dask/latest;branch=main"

    lines = db.read_text(f"{latest}/logs/*.log", encoding="utf-8")
    _, blocks = read_bytes(f"{latest}/*/*", blocksize=None, sample=False)
    # A newer build on main after the graphs were made: the workers still read build 1.
    fakes.buildkite.add_build("acme", "dask", 2, branch="main")
    fakes.buildkite.add_artifact("acme", "dask", 2, "logs/a.log", b"newer\n")

    graphs = cloudpickle.dumps(dict(lines.__dask_graph__())) + cloudpickle.dumps(blocks)
    assert not any(token in graphs for token in _tokens(fakes))
    assert b"X-Amz-Signature" not in graphs

    assert sorted(client.compute(lines).result()) == sorted(
        line + "\n" for content in LOGS.values() for line in content.decode().splitlines()
    )
    (read,) = dask.compute(blocks, scheduler=client.get)
    assert sorted(block for per_file in read for block in per_file) == sorted(
        [*LOGS.values(), BINARY]
    )
    assert _instances_on_workers(client, "buildkite") >= 1


def test_dataframes_read_csv_artifacts_with_ranged_reads(
    fakes: FakeProviders, client: Client
) -> None:
    run = fakes.github.add_run("acme", "dask", branch="main")
    for name, content in PARTS.items():
        fakes.github.add_artifact("acme", "dask", run, name, content, zipped=False)
    frame = dd.read_csv(f"gha://acme/dask/{run}/part-*.csv", blocksize=400)
    assert frame.npartitions > len(PARTS)  # several blocks per file: read by ranges
    assert not any(token in cloudpickle.dumps(frame.__dask_graph__()) for token in _tokens(fakes))

    result = client.compute(frame).result()
    expected = pd.concat([pd.read_csv(f"gha://acme/dask/{run}/{name}") for name in PARTS])
    assert result.reset_index(drop=True).to_dict("list") == expected.reset_index(drop=True).to_dict(
        "list"
    )
    assert _instances_on_workers(client, "gha") >= 1
    ranged = [r for r in fakes.storage.requests if r.headers.get("range") and r.status == 206]
    assert ranged
