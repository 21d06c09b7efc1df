"""Extract the seed's test files, with only the import prefix changed.

The seed (``../shared/seeds/000_58709f81e099fd59.txt``) holds the original
core's tests as fenced code blocks. Our conformance suite is exactly those
files with ``runtime.orchestration.`` replaced by ``scenario_core.orchestration.``;
``test_seed_is_verbatim.py`` checks the copies here against the seed.

Run ``python tests/conformance/extract_seed.py`` to refresh the copies.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = HERE.parents[1].parent / "shared" / "seeds" / "000_58709f81e099fd59.txt"
_BLOCK = re.compile(r"### File: `runtime/tests/(test_tier2_\w+\.py)`\n```python\n(.*?)```", re.S)


def seed_tests(seed_text: str) -> dict[str, str]:
    """File name -> contents, with the import prefix changed and nothing else."""
    return {name: body.replace("runtime.orchestration.", "scenario_core.orchestration.") for name, body in _BLOCK.findall(seed_text)}


def main() -> int:
    for name, body in seed_tests(SEED.read_text(encoding="utf-8")).items():
        (HERE / name).write_text(body, encoding="utf-8")
        print(f"wrote {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
