"""Pure scoring functions that reproduce published metrics, one module per metric."""
