"""Diagnostics, in process: one per finding at its exact range, and pulled reports that say ``unchanged``."""
from __future__ import annotations

import pytest
from checked_documents import ENCODINGS, FAILING, OWN_MISSIONS, PASSING, URI, WIDE, checked, span_of
from lsp_session import expected_diagnostics, span, summarised
from lsprotocol import types

from scenario_core.source.positions import Encoding
from scenario_lsp.features.diagnostics import cleared, client_pulls, diagnostics_of, publish_params, pull_report

TYPO = "suite: s\nscenarios:\n  - name: a\n    missions: [daily_lop]\n"
EXAMPLES = {"passing": PASSING, "own_missions": OWN_MISSIONS, "failing": FAILING}


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("example", list(EXAMPLES))
def test_each_example_gives_exactly_the_findings_of_check(example: str, encoding: Encoding):
    text = EXAMPLES[example]
    assert summarised(diagnostics_of(checked(text, encoding))) == expected_diagnostics(text, encoding)


def test_a_suite_whose_expectations_all_hold_has_no_diagnostics():
    assert diagnostics_of(checked(PASSING)) == []


def test_a_diagnostic_carries_code_source_docs_link_data_and_related_places():
    [diagnostic] = diagnostics_of(checked("suite: s\nscenarios:\n  - name: a\n  - name: a\n"))
    assert diagnostic == types.Diagnostic(
        range=types.Range(start=types.Position(line=2, character=10), end=types.Position(line=2, character=11)),
        message="scenario 'a' is defined again at line 4; the last definition wins and this one is ignored",
        severity=types.DiagnosticSeverity.Warning,
        code="duplicate_scenario",
        code_description=types.CodeDescription(href="https://github.com/scenario-harness/scenario-harness#code-duplicate_scenario"),
        source="scenario",
        data={"scenario": "a"},
        related_information=[
            types.DiagnosticRelatedInformation(
                location=types.Location(
                    uri=URI,
                    range=types.Range(start=types.Position(line=3, character=10), end=types.Position(line=3, character=11)),
                ),
                message="the definition that wins",
            )
        ],
    )


def test_a_diagnostic_without_related_places_has_none():
    [diagnostic] = diagnostics_of(checked(TYPO))
    assert (diagnostic.code, diagnostic.related_information) == ("unknown_mission", None)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_diagnostics_after_an_emoji_cover_their_nodes_in_the_negotiated_encoding(encoding: Encoding):
    found = diagnostics_of(checked(WIDE, encoding))
    assert [(d.code, span(d.range)) for d in found] == [
        ("unknown_mission", span_of(WIDE, "daily_lop", encoding)),
        ("eq_mismatch", span_of(WIDE, "false", encoding)),
    ]


def test_pushed_diagnostics_carry_the_version_they_were_computed_for():
    published = publish_params(checked(TYPO, version=3))
    assert (published.uri, published.version, [d.code for d in published.diagnostics]) == (URI, 3, ["unknown_mission"])


def test_clearing_publishes_no_diagnostics_and_no_version():
    assert cleared(URI) == types.PublishDiagnosticsParams(uri=URI, diagnostics=[])


def test_a_first_pull_gets_the_full_report_with_a_result_id():
    report = pull_report(checked(TYPO), None)
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    assert report.items == diagnostics_of(checked(TYPO))
    assert report.result_id is not None and len(report.result_id) == 32


def test_a_pull_for_the_diagnostics_the_client_holds_is_answered_unchanged():
    first = pull_report(checked(TYPO), None)
    assert pull_report(checked(TYPO), first.result_id) == types.RelatedUnchangedDocumentDiagnosticReport(
        result_id=first.result_id
    )


def test_an_edit_that_leaves_the_diagnostics_as_they_were_is_unchanged_whatever_the_version():
    first = pull_report(checked(TYPO, version=1), None)
    edited = TYPO + "# a comment\n"
    assert pull_report(checked(edited, version=2), first.result_id).kind == "unchanged"


def test_changed_diagnostics_get_a_full_report_with_a_new_result_id():
    first = pull_report(checked(TYPO), None)
    changed = pull_report(checked(PASSING), first.result_id)
    assert isinstance(changed, types.RelatedFullDocumentDiagnosticReport)
    assert (changed.items, changed.result_id != first.result_id) == ([], True)


def test_a_moved_diagnostic_is_a_change():
    first = pull_report(checked(TYPO), None)
    moved = pull_report(checked("\n" + TYPO), first.result_id)
    assert moved.kind == "full"


def test_the_result_id_is_the_same_for_the_same_diagnostics():
    assert pull_report(checked(FAILING), None).result_id == pull_report(checked(FAILING), None).result_id


def test_a_document_neither_open_nor_on_disk_pulls_an_empty_full_report():
    report = pull_report(None, None)
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    assert report.items == [] and report.result_id == pull_report(checked(PASSING), None).result_id


def capabilities(pull: bool, refresh: bool) -> types.ClientCapabilities:
    return types.ClientCapabilities(
        text_document=types.TextDocumentClientCapabilities(diagnostic=types.DiagnosticClientCapabilities() if pull else None),
        workspace=types.WorkspaceClientCapabilities(diagnostics=types.DiagnosticWorkspaceClientCapabilities(refresh_support=refresh)),
    )


def test_a_client_that_pulls_and_can_be_asked_to_pull_again_pulls():
    assert client_pulls(capabilities(pull=True, refresh=True))


def test_a_client_that_pulls_only_after_edits_gets_pushes_so_an_accepted_snapshot_shows():
    # Neovim 0.11: textDocument.diagnostic without workspace.diagnostics.refreshSupport.
    assert not client_pulls(capabilities(pull=True, refresh=False))


def test_a_client_that_does_not_pull_gets_pushes():
    assert not client_pulls(capabilities(pull=False, refresh=True))
