"""A path that goes on past an empty list, an empty mapping or a plain value says what is there, in words."""
from __future__ import annotations

import pytest
from helpers import one, run

from scenario_core.checking.pipeline import check

SUITE = """\
suite: s
scenarios:
  - name: a
    initial_state: {{items: [], options: {{}}, count: 5}}
    missions: [daily_loop]
expectations:
  - {{id: e, scenario: a, mission: daily_loop, path: {path}, op: exists}}
"""


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("final_state.items.0", "path 'final_state.items.0' not found: '0' is not in final_state.items, which is an empty list"),
        ("final_state.options.x", "path 'final_state.options.x' not found: 'x' is not in final_state.options, which is an empty mapping"),
        ("final_state.count.x", "path 'final_state.count.x' not found: 'x' is not in final_state.count, which is 5, not a mapping or list"),
        ("failed_step_id.x", "path 'failed_step_id.x' not found: 'x' is not in failed_step_id, which is null, not a mapping or list"),
    ],
)
def test_the_message_says_what_the_path_reached(path: str, message: str):
    assert one(run(SUITE.format(path=path)), "path_missing").message == message


def test_the_words_do_not_change_the_hashes_which_cover_the_results_not_the_messages():
    """Pinned before the wording changed (the same file checked by the code that said 'is not a mapping or list')."""
    report = check(SUITE.format(path="final_state.items.0"))
    assert report.test_run_hash == "40e72c19d9f17acdcf0d146e2e5c2c3459b6361194531490c87efa18ac9b7346"
