import sys
from pathlib import Path

# tests/helpers.py is shared by every test folder.
sys.path.insert(0, str(Path(__file__).resolve().parent))

# The editor tests' scenario files fail on purpose; they are data here, not tests of the pytest plugin.
collect_ignore_glob = ["editors/nvim/*.scenario.yml"]

# The pytest plugin's tests run pytest inside pytest (pytester); only a top-level conftest may load a plugin.
pytest_plugins = ["pytester"]
