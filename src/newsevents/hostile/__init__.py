"""Hostile inputs: a generated corpus of inputs that must not stop a batch, and its benchmark.

:mod:`newsevents.hostile.corpus` writes the corpus (bad files and records of every kind the
readers refuse, special files, files that change during the run, and good articles mixed in)
with what ``newsevents ingest`` must do with each; :mod:`newsevents.hostile.run` runs
``ingest`` over it in a subprocess and checks that it did (``newsevents bench hostile``).
"""
