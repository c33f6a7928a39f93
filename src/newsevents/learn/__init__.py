"""Learned components: the MiniLM encoder and the small heads trained on top of it.

Everything here is inference only (numpy and onnxruntime); the code that fits the heads lives
in :mod:`newsevents.train`, so a deployment never imports scikit-learn.
"""
