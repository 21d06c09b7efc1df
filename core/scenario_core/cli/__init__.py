"""``scenario``, the command line: run scenario files and print the verdict as the editor shows it.

:mod:`.main` parses the command line; :mod:`.batch` checks the files, in
this process or a pool; :mod:`.output` writes text, JSON or JUnit one file at
a time; :mod:`.writes` is what a run writes (snapshots, accepted values);
:mod:`.shard` slices the files for a CI matrix; :mod:`.determinism` compares
two runs under different hash seeds.
"""
from .main import main

__all__ = ["main"]
