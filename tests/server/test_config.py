"""ServerSettings: the contract's defaults, and client JSON applied key by key."""
from __future__ import annotations

from scenario_lsp.protocol.settings import ServerSettings


def test_the_defaults_are_the_contracts():
    assert ServerSettings() == ServerSettings(debounce_ms=150, run_on_change=True, hash_length=12, cache_budget_mb=8)


def test_settings_are_read_flat_or_under_scenario():
    options = {"debounceMs": 40, "runOnChange": False, "hashLength": 8, "cacheBudgetMb": 100}
    flat = ServerSettings().updated(options)
    nested = ServerSettings().updated({"scenario": options})
    assert flat == nested == ServerSettings(debounce_ms=40, run_on_change=False, hash_length=8, cache_budget_mb=100)


def test_a_value_of_the_wrong_type_or_range_is_ignored_and_the_rest_applies():
    settings = ServerSettings().updated(
        {"debounceMs": "fast", "runOnChange": 1, "hashLength": 0, "cacheBudgetMb": -1, "other": True}
    )
    assert settings == ServerSettings()
    assert ServerSettings().updated({"debounceMs": True, "hashLength": 64}) == ServerSettings(hash_length=64)


def test_options_that_are_not_an_object_change_nothing():
    assert ServerSettings(hash_length=6).updated(None) == ServerSettings(hash_length=6)
    assert ServerSettings(hash_length=6).updated(["hashLength", 8]) == ServerSettings(hash_length=6)


def test_trust_settings_default_to_asking_and_take_only_their_own_values():
    assert (ServerSettings().trust_all_projects, ServerSettings().workspace_trust) == (False, "ask")
    assert ServerSettings().updated({"trustAllProjects": True, "workspaceTrust": "restricted"}) == ServerSettings(
        trust_all_projects=True, workspace_trust="restricted"
    )
    assert ServerSettings().updated({"trustAllProjects": "yes", "workspaceTrust": "Trusted"}) == ServerSettings()


def test_the_debug_lens_is_off_unless_the_client_says_it_can_start_the_debugger():
    assert ServerSettings().debug_lens is False
    assert ServerSettings().updated({"debugLens": True}).debug_lens is True
    assert ServerSettings().updated({"debugLens": "yes"}).debug_lens is False
