"""``python -m analysis``: the same as the ``tifa`` command."""

from .cli import run

run()
