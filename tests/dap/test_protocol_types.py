"""The DAP types are generated from the protocol's JSON schema, and the committed module is what the generator writes."""
from __future__ import annotations

import subprocess
import sys
import typing

from helpers import ROOT

from scenario_harness.dap import protocol


def test_the_committed_protocol_module_is_what_the_generator_writes_from_the_schema_debugpy_ships():
    checked = subprocess.run([sys.executable, str(ROOT / "scripts" / "generate_dap_types.py"), "--check"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_a_request_carries_every_member_of_its_allof_chain_with_its_command_narrowed():
    hints = typing.get_type_hints(protocol.StepBackRequest)
    assert set(hints) == {"seq", "type", "command", "arguments"}
    assert typing.get_args(hints["command"]) == ("stepBack",)
    assert typing.get_args(hints["type"]) == ("request",)


def test_members_the_schema_does_not_require_are_not_required():
    assert protocol.StackFrame.__required_keys__ == {"id", "name", "line", "column"}
    assert "source" in protocol.StackFrame.__optional_keys__


def test_an_inline_object_is_a_type_named_after_its_place():
    hints = typing.get_type_hints(protocol.StoppedEvent)
    assert hints["body"] is protocol.StoppedEventBody
    assert protocol.StoppedEventBody.__required_keys__ == {"reason"}


def test_a_member_name_python_would_mangle_is_kept_as_written():
    assert "__restart" in protocol.LaunchRequestArguments.__optional_keys__
