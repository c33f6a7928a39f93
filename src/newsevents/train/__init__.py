"""Training of the learned components shipped in ``newsevents/data/models``.

One module per model, each with ``run(options) -> TrainResult``, listed in
:mod:`newsevents.train.registry` and run by ``newsevents train NAME``. Training may use
scikit-learn; what it writes is read by :mod:`newsevents.learn` with numpy alone. Every run is
deterministic given its seed (BLAS is held to one thread while fitting), so a retrain gives the
shipped weights byte for byte.
"""
