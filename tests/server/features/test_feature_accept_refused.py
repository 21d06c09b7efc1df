"""The editor's Accept snapshots writes all or nothing, as the CLI does: a refused write leaves nothing behind."""
from __future__ import annotations

from pathlib import Path

from checked_documents import checked_file

from scenario_lsp.features.accepting import accept_message, accept_snapshots

SHOP = """\
suite: shop
snapshot: true
scenarios:
  - name: cart
    missions: [daily_loop]
"""


def test_a_snapshot_file_that_cannot_be_written_is_refused_and_nothing_is_left_behind(tmp_path: Path):
    path = tmp_path / "deep" / "shop.scenario.yaml"
    path.parent.mkdir()
    path.write_text(SHOP, encoding="utf-8")
    (path.parent / "__snapshots__").write_text("a file where the folder would go")
    document = checked_file(path)
    answer = accept_snapshots(document, document.uri, None)
    assert answer["refused"] == "cannot write __snapshots__/shop.scenario.yaml.json: File exists; nothing was written"
    assert (answer["accepted"], answer["added"], answer["removed"]) == ([], [], [])
    assert sorted(p.name for p in path.parent.iterdir()) == ["__snapshots__", "shop.scenario.yaml"]
    assert (path.parent / "__snapshots__").read_text() == "a file where the folder would go"
    assert accept_message(answer) == (
        "Snapshots not accepted: cannot write __snapshots__/shop.scenario.yaml.json: File exists; nothing was written"
    )
