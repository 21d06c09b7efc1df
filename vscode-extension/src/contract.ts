/**
 * The shapes the language server answers with (docs/server-contract.md):
 * the RunSummary of the run commands and the SuiteReport of `scenario/tests`.
 * Pure: no `vscode` import.
 */

export const COMMANDS = {
  runScenario: 'scenario.runScenario',
  runSuite: 'scenario.runSuite',
  runWorkspace: 'scenario.runWorkspace',
  copyHash: 'scenario.copyHash',
  acceptSnapshots: 'scenario.acceptSnapshots',
  runCoverage: 'scenario.runCoverage',
} as const;

export const TESTS_REQUEST = 'scenario/tests';

/** The code action kind of "Accept all actual values in this file". */
export const FIX_ALL = 'source.fixAll.scenario';

/** An LSP position and range: zero-based lines and characters. */
export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

export type Verdict = 'passed' | 'failed' | 'invalid';

/** A snapshotted scenario's snapshot: as stored, different, not stored yet, or not compared (a call could not run). */
export type SnapshotState = 'unchanged' | 'changed' | 'missing' | 'not_run';

export interface ScenarioReport {
  name: string;
  scenario_hash: string | null;
  range: Range | null;
  /** null: the scenario is not snapshotted. */
  snapshot?: SnapshotState | null;
  /** The finding's message when the snapshot changed or is missing. */
  snapshot_message?: string | null;
}

export interface ExpectationReport {
  id: string;
  scenario: string;
  mission: string;
  passed: boolean;
  code: string | null;
  message: string | null;
  expected?: unknown;
  actual?: unknown;
  range: Range | null;
}

export interface SuiteReport {
  uri: string;
  suite: string | null;
  verdict: Verdict;
  passed: number;
  failed: number;
  test_run_hash: string | null;
  range: Range | null;
  scenarios: ScenarioReport[];
  expectations: ExpectationReport[];
}

export interface RunSummary {
  passed: number;
  failed: number;
  invalid: number;
  /** Snapshotted scenarios whose snapshot changed or is missing. */
  snapshots_failed?: number;
  files: SuiteReport[];
}

/** What `scenario.acceptSnapshots` answers: what it stored, or why it stored nothing. */
export interface AcceptedSnapshots {
  uri: string;
  snapshot: string | null;
  accepted: string[];
  added: string[];
  removed: string[];
  refused: string | null;
}

/** A line that can run: a YAML step's `- id:` line, or a Python statement. */
export interface CoveredLine {
  /** Zero-based. */
  line: number;
  /** The times a YAML step ran; 1 (ran) or 0 for a Python line, which coverage.py does not count. */
  count: number;
  /** The scenarios that ran it, as indexes into CoverageReport.scenarios. */
  scenarios: number[];
}

/** A YAML mission: the line of its name and the calls that ran it. */
export interface CoveredMission {
  name: string;
  line: number;
  count: number;
}

export interface CoveredFile {
  uri: string;
  kind: 'yaml' | 'python';
  lines: CoveredLine[];
  /** Empty for a Python file. */
  missions: CoveredMission[];
}

/** A scenario that ran: its file, its name, and its label in coverage data (`suite/scenario`). */
export interface CoveredScenario {
  uri: string;
  scenario: string;
  label: string;
}

/** What `scenario.runCoverage` answers: which YAML steps and Python lines the run ran, and by which scenario. */
export interface CoverageReport {
  files: CoveredFile[];
  scenarios: CoveredScenario[];
  /** Every scenario file of the workspace ran. */
  workspace: boolean;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isSuiteReport(value: unknown): value is SuiteReport {
  return (
    isObject(value) &&
    typeof value.uri === 'string' &&
    Array.isArray(value.scenarios) &&
    Array.isArray(value.expectations)
  );
}

export function isRunSummary(value: unknown): value is RunSummary {
  return (
    isObject(value) &&
    typeof value.passed === 'number' &&
    typeof value.failed === 'number' &&
    Array.isArray(value.files) &&
    value.files.every(isSuiteReport)
  );
}

export function isCoverageReport(value: unknown): value is CoverageReport {
  return (
    isObject(value) &&
    Array.isArray(value.files) &&
    Array.isArray(value.scenarios) &&
    value.files.every((file) => isObject(file) && typeof file.uri === 'string' && Array.isArray(file.lines))
  );
}
