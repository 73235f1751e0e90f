"""``python -m analysis``: the same as the ``tifa`` command."""

import sys

from .cli import main

sys.exit(main())
