"""``python -m analysis.cli``: the same as ``tifa``."""

import sys

from . import main

sys.exit(main())
