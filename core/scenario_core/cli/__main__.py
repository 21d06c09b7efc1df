"""``python -m scenario_core.cli``: the ``scenario`` command."""
import sys

from .main import main

sys.exit(main())
