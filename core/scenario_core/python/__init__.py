"""What the core knows of a project's Python missions and operations, and the worker process that runs them.

User code never runs in the process that checks a file: :mod:`.missions`
starts the project's mission worker (``scenario_harness._worker``) and asks
it what the project registers and what each call gives; :mod:`.wire` is the
JSON both sides speak.
"""
from .missions import Catalog, PythonCallable, PythonCallError, PythonMissions, PythonParam, PythonProjects, SourceProblem

__all__ = ["Catalog", "PythonCallError", "PythonCallable", "PythonMissions", "PythonParam", "PythonProjects", "SourceProblem"]
