"""The reports commands (`python -m reports …`): one module per command with ``register(subparsers)``."""
