/**
 * The shapes the language server answers with (docs/server-contract.md):
 * the RunSummary of the run commands, the SuiteReport of `scenario/tests`
 * and the ScenarioTraceReport of `scenario/trace`. Pure: no `vscode` import.
 */

export const COMMANDS = {
  runScenario: 'scenario.runScenario',
  runSuite: 'scenario.runSuite',
  runWorkspace: 'scenario.runWorkspace',
  copyHash: 'scenario.copyHash',
  acceptSnapshots: 'scenario.acceptSnapshots',
  runCoverage: 'scenario.runCoverage',
} as const;

/** Commands the server's lenses name that the client carries out itself (the server does not answer them). */
export const CLIENT_COMMANDS = {
  showTrace: 'scenario.showTrace',
} as const;

export const TESTS_REQUEST = 'scenario/tests';
/** The step traces of a scenario's calls, each call run again. */
export const TRACE_REQUEST = 'scenario/trace';

/**
 * The command of the "Debug scenario" lens: the server names it and never
 * runs it; the extension handles it by starting the debugger (arguments as
 * runScenario's).
 */
export const DEBUG_SCENARIO = 'scenario.debugScenario';

/** The code action kind of "Accept all actual values in this file". */
export const FIX_ALL = 'source.fixAll.scenario';

/**
 * The setting by which a client with workspace trust of its own tells the
 * server whose trust decides: VS Code's (`restricted` in Restricted Mode,
 * `trusted` once the user trusts the workspace), or the server's own question
 * (`ask`, the default, for clients without workspace trust).
 */
export const WORKSPACE_TRUST_SETTING = 'workspaceTrust';
export type WorkspaceTrust = 'ask' | 'restricted' | 'trusted';

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

/** One line of a failed expectation's way to the value it checks: expectation, scenario, call, the step that wrote it, its Python line. */
export interface StackFrame {
  label: string;
  uri: string;
  range: Range;
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
  /** A failed expectation's way to its value, outermost first; empty when it passed. */
  stack?: StackFrame[];
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

/**
 * The params of `scenario/trace`, and the argument of `scenario.showTrace`:
 * the scenario's calls, all of them, those of `mission`, or the one at `call`
 * (0-based); `states` asks for the state before and after each step.
 */
export interface TraceTarget {
  uri: string;
  scenario: string;
  mission?: string | null;
  call?: number | null;
  states?: boolean;
}

/** How a step ended: `approved` is a human step; `not_reached` a step after the one that failed. */
export type StepStatus = 'ok' | 'approved' | 'failed' | 'not_reached';

/** A file's path (null: the requested document, not a file) and a 1-based line. */
export interface PlaceReport {
  path: string | null;
  line: number;
}

/** A change at a dot path: `before` is absent for a key added, `after` for a key removed. */
export interface ChangeReport {
  path: string;
  before?: unknown;
  after?: unknown;
}

export interface StepTraceReport {
  id: string;
  kind: string;
  operation: string | null;
  status: StepStatus;
  defined_at: PlaceReport | null;
  operation_at: PlaceReport | null;
  changes: ChangeReport[];
  error: string | null;
  state_before?: unknown;
  state_after?: unknown;
}

export interface CallTraceReport {
  mission: string;
  index: number;
  line: number;
  success: boolean | null;
  error: string | null;
  steps: StepTraceReport[];
}

/** The answer to `scenario/trace`: the calls asked for of one scenario. */
export interface ScenarioTraceReport {
  uri: string;
  path: string | null;
  scenario: string;
  calls: CallTraceReport[];
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

export function isScenarioTraceReport(value: unknown): value is ScenarioTraceReport {
  return (
    isObject(value) &&
    typeof value.uri === 'string' &&
    typeof value.scenario === 'string' &&
    Array.isArray(value.calls) &&
    value.calls.every((call) => isObject(call) && Array.isArray(call.steps))
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
