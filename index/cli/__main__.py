"""``python -m index.cli``: the same as the ``newsbot`` command."""

import sys

from . import main

sys.exit(main())
