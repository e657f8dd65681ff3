"""``python -m builder``: see builder.cli."""

import sys

from .cli import main

sys.exit(main())
