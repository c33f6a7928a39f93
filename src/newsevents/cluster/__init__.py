"""Scale-out: the ingest pipeline on a ``dask.distributed`` cluster.

The articles are read on the machine that starts the run, cut into partitions
(:mod:`~newsevents.cluster.partitions`) and extracted on the cluster's workers by the same
function as a single-process ingest (:mod:`~newsevents.cluster.tasks`). The results go to a
sink (:mod:`~newsevents.cluster.sinks`): the database, written by one process in input order
and fused as it is written, or a Parquet dataset that ``newsevents load`` stores later
(:mod:`~newsevents.cluster.results`). :mod:`~newsevents.cluster.run` ties them together;
:mod:`~newsevents.cluster.client` starts or joins the cluster.
"""

from __future__ import annotations
