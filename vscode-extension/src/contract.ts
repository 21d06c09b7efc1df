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
} as const;

export const TESTS_REQUEST = 'scenario/tests';

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

export interface ScenarioReport {
  name: string;
  scenario_hash: string | null;
  range: Range | null;
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
  files: SuiteReport[];
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
