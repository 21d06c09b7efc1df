"""The seed's deterministic world: workflows, missions, scenarios, suites, expectations and their hashes.

Everything here is a pure function of its inputs: no I/O, clock or
randomness, and nothing else of Scenario Harness is imported. The modules
are the seed's (its conformance tests import them by these names):
:mod:`.engine` (workflows and runtime operations), :mod:`.registry`
(missions by name), :mod:`.harness` (scenarios), :mod:`.suite`,
:mod:`.expectations`, :mod:`.test_run`; with :mod:`.hashing` (the one
canonical JSON and hash), :mod:`.frozen` (read-only values) and
:mod:`.jsondiff` (where two JSON values differ, as dot paths).
"""
from .engine import (
    AntiFailureViolation,
    EnvelopeViolation,
    ExecutionContext,
    OrchestrationResult,
    Orchestrator,
    StepSpec,
    WorkflowDefinition,
)
from .frozen import FrozenDict, FrozenList, freeze
from .harness import MissionCall, ScenarioDefinition, ScenarioResult, run_scenario
from .hashing import canonical_json, hash_text, stable_hash
from .jsondiff import Change, differences
from .registry import MISSION_REGISTRY, Mission, UnknownMissionError, run_mission

__all__ = [
    "AntiFailureViolation",
    "Change",
    "EnvelopeViolation",
    "ExecutionContext",
    "FrozenDict",
    "FrozenList",
    "MISSION_REGISTRY",
    "Mission",
    "MissionCall",
    "OrchestrationResult",
    "Orchestrator",
    "ScenarioDefinition",
    "ScenarioResult",
    "StepSpec",
    "UnknownMissionError",
    "WorkflowDefinition",
    "canonical_json",
    "differences",
    "freeze",
    "hash_text",
    "run_mission",
    "run_scenario",
    "stable_hash",
]
