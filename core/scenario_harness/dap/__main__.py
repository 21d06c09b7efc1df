"""``python -m scenario_harness.dap``: the debug adapter (as the ``scenario-dap`` command)."""
from .adapter import main

if __name__ == "__main__":
    main()
