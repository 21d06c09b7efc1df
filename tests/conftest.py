import os
import shutil
import sys
import tempfile
from pathlib import Path

# tests/helpers.py is shared by every test folder.
sys.path.insert(0, str(Path(__file__).resolve().parent))

# The editor tests' scenario files fail on purpose; they are data here, not tests of the pytest plugin.
collect_ignore_glob = ["editors/nvim/*.scenario.yml"]

# The pytest plugin's tests run pytest inside pytest (pytester); only a top-level conftest may load a plugin.
pytest_plugins = ["pytester"]


# The trust store (and anything else kept in the user data directory) of every test, and of every server, mission
# worker and editor a test starts, is in a folder of this run: no test reads or writes the developer's own.
# Tests that need a project's Python missions in the editor trust it there (or answer the server's question).
DATA_HOME = Path(tempfile.mkdtemp(prefix="scenario-tests-data-"))
os.environ["XDG_DATA_HOME"] = str(DATA_HOME)


def pytest_unconfigure(config) -> None:
    shutil.rmtree(DATA_HOME, ignore_errors=True)
