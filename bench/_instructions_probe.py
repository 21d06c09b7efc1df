"""One measurement of bench_instructions.py: the set-up, then (unless the mode is ``setup``) the thing measured.

    python bench/_instructions_probe.py MODE SIZE     # MODE: setup, floor, cold, edit, traced
"""
from __future__ import annotations

import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate, one_line_edit  # noqa: E402

from scenario_core.checking.cache import ScenarioCache  # noqa: E402
from scenario_core.checking.pipeline import check  # noqa: E402


def main(mode: str, size: int) -> None:
    text = generate(size)
    edited = one_line_edit(text)
    warm = ScenarioCache()
    check(text, cache=warm)  # the edit's cache, as the server holds it; every mode pays for it alike
    if mode == "floor":
        yaml.compose(text, Loader=yaml.CSafeLoader)
    elif mode == "cold":
        check(text, cache=ScenarioCache())
    elif mode == "edit":
        check(edited, cache=warm)
    elif mode == "traced":
        check(text, trace=True)
    elif mode != "setup":
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
