"""What a long-lived caller keeps between checks is bounded, and holds no reference cycles."""
from __future__ import annotations

import gc
from collections import Counter

from scenario_core.cache import ScenarioCache
from scenario_core.check import check

from helpers import EXAMPLES

FAILING = (EXAMPLES / "failing.scenario.yaml").read_text(encoding="utf-8")


def cyclic_garbage() -> Counter[str]:
    """The types of the unreachable objects in reference cycles, frozen ones included (then freed)."""
    gc.unfreeze()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        gc.collect()
        return Counter(type(o).__name__ for o in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.collect()  # saved for inspection above, they are freed now


def test_a_check_with_calls_that_cannot_run_leaves_no_reference_cycles():
    # failing.scenario.yaml has calls that break the engine's rules: their
    # errors are kept, and an error's traceback would tie them in a cycle
    # that, frozen for the collector, would never be freed.
    cyclic_garbage()
    cache = ScenarioCache()
    check(FAILING, cache=cache)
    check(FAILING.replace("suite: ", "suite: renamed_"), cache=cache)
    del cache
    assert cyclic_garbage() == Counter()
