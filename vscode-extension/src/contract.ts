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
} as const;

export const TESTS_REQUEST = 'scenario/tests';

/**
 * The command of the "Debug scenario" lens: the server names it and never
 * runs it; the extension handles it by starting the debugger (arguments as
 * runScenario's).
 */
export const DEBUG_SCENARIO = 'scenario.debugScenario';

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
