"""The project a scenario file belongs to: its folder, its ``[tool.scenario]``, and its files.

:mod:`.config` finds the nearest ``pyproject.toml`` and reads its
configuration; :mod:`.discovery` is the one walk that finds scenario files
and mission libraries; :mod:`.files` is how a check reads the files around
the one it checks; :mod:`.trust` is the store of the projects whose Python
code the user allowed to run in the editor.
"""
from .config import ProjectConfig, find_project, project_root
from .discovery import discover, is_library_file, is_scenario_file
from .files import DISK, Files
from .trust import TrustStore

__all__ = ["DISK", "Files", "ProjectConfig", "TrustStore", "discover", "find_project", "is_library_file", "is_scenario_file", "project_root"]
