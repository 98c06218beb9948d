"""``python -m overridable``: the command line (``overridable._cli``)."""

import sys

from ._cli import main

if __name__ == "__main__":
    sys.exit(main())
