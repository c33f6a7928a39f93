"""Starting a local Dask cluster, or joining one, with workers ready to extract.

``--workers N`` starts N worker processes on this machine (one thread each: extraction is
CPU-bound Python, so threads would only take turns); ``--scheduler ADDRESS`` joins a running
cluster (``dask scheduler`` and ``dask worker`` processes on any machines, see
docs/performance.md). Either way every worker loads the NLP pipeline and the actor knowledge
base once, when it joins, through :class:`PreloadPipeline`.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from distributed import Client, LocalCluster, WorkerPlugin

#: Where the dashboard of a local cluster listens (a free port is taken if this one is busy).
DASHBOARD_ADDRESS = "127.0.0.1:8787"


class PreloadPipeline(WorkerPlugin):
    """Load the spaCy pipeline and the actor knowledge base when a worker starts, so that the
    first partition does not pay for them (and a worker that cannot load them fails early)."""

    name = "newsevents-preload"

    def __init__(self, actor_files: Sequence[Path] = ()) -> None:
        self.actor_files = list(actor_files)

    def setup(self, worker: Any) -> None:
        """Called on each worker when it starts or joins."""
        from newsevents.nlp.pipeline import get_nlp
        from newsevents.resolve.actors import load_kb, use_actor_files

        if self.actor_files:
            use_actor_files(self.actor_files)
        get_nlp()
        load_kb()


@contextlib.contextmanager
def dask_client(
    workers: int | None = None,
    scheduler: str | None = None,
    actor_files: Sequence[Path] = (),
    dashboard_address: str | None = DASHBOARD_ADDRESS,
) -> Iterator[Client]:
    """A client of a new local cluster of ``workers`` processes, or of the cluster at
    ``scheduler``; its workers preloaded. The local cluster is shut down on exit."""
    if scheduler is None and not workers:
        raise ValueError("give a number of workers or a scheduler address")
    with contextlib.ExitStack() as stack:
        if scheduler is not None:
            client = stack.enter_context(Client(scheduler, timeout="30s"))  # type: ignore[no-untyped-call]
        else:
            cluster = stack.enter_context(
                LocalCluster(  # type: ignore[no-untyped-call]
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=dashboard_address,
                    silence_logs=logging.ERROR,
                )
            )
            client = stack.enter_context(Client(cluster))  # type: ignore[no-untyped-call]
        client.register_plugin(PreloadPipeline(actor_files))
        yield client


def dashboard_link(client: Client) -> str | None:
    """The URL of the cluster's dashboard, when it serves one."""
    try:
        link = client.dashboard_link
    except Exception:  # no dashboard (bokeh missing or disabled): nothing to show
        return None
    return str(link) if link else None


def worker_count(client: Client) -> int:
    """How many workers the cluster has now."""
    return len(client.scheduler_info(n_workers=-1).get("workers", {}))
