/**
 * A SuiteReport as the server sends it for examples/failing.scenario.yaml
 * (ranges as in `scenario run --format json`, messages as its text output).
 */
import type { Range, SuiteReport } from '../src/contract';

export const URI = 'file:///work/examples/failing.scenario.yaml';

export function range(startLine: number, startCharacter: number, endLine: number, endCharacter: number): Range {
  return { start: { line: startLine, character: startCharacter }, end: { line: endLine, character: endCharacter } };
}

export function failingReport(): SuiteReport {
  return {
    uri: URI,
    suite: 'broken_checkout',
    verdict: 'invalid',
    passed: 0,
    failed: 5,
    test_run_hash: 'fbdcb9f2c32f' + '0'.repeat(52),
    range: range(1, 7, 1, 22),
    scenarios: [
      { name: 'baseline', scenario_hash: '9123aa3b25fd' + '0'.repeat(52), range: range(23, 4, 29, 2) },
      { name: 'rules', scenario_hash: 'a'.repeat(64), range: range(29, 4, 34, 2) },
      { name: 'typo', scenario_hash: 'b'.repeat(64), range: range(34, 4, 37, 0) },
    ],
    expectations: [
      {
        id: 'loop_fails', scenario: 'baseline', mission: 'daily_loop', passed: false, code: 'eq_mismatch',
        message: 'expected false, got true', expected: false, actual: true, range: range(38, 4, 44, 2),
      },
      {
        id: 'counter_path', scenario: 'baseline', mission: 'daily_loop', passed: false, code: 'path_missing',
        message: "path 'final_state.count' not found: 'count' is not in final_state, which has counter, message",
        expected: null, actual: null, range: range(44, 4, 49, 2),
      },
      {
        id: 'echo_is_big', scenario: 'baseline', mission: 'echo', passed: false, code: 'type_error',
        message: 'cannot compare text with a number: expected more than 10, got "ping"',
        expected: 10, actual: 'ping', range: range(49, 4, 55, 2),
      },
      {
        id: 'ghost_scenario', scenario: 'baselin', mission: 'daily_loop', passed: false, code: 'scenario_missing',
        message: "expectation 'ghost_scenario' names scenario 'baselin', which this file does not have; did you mean 'baseline'?",
        expected: true, actual: null, range: range(55, 4, 61, 2),
      },
      {
        id: 'uncalled', scenario: 'baseline', mission: 'ship_order', passed: false, code: 'mission_missing',
        message: "scenario 'baseline' does not call mission 'ship_order'; it calls daily_loop, echo",
        expected: true, actual: null, range: range(61, 4, 67, 2),
      },
    ],
  };
}
