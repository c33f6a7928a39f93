"""The crash test: ``newsevents bench crash`` kills ``ingest`` with SIGKILL at random moments,
runs it again after each kill, and compares the database it ends with against a clean run of
the same articles (:mod:`newsevents.crash.bench`, :mod:`newsevents.crash.compare`)."""
