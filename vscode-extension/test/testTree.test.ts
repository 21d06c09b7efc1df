import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SuiteReport } from '../src/contract';
import { contains, outcomes, type PlainDiagnostic, runPlan, testTree, tracedFailures } from '../src/testTree';
import { failingReport, range, URI } from './fixtures';

function shape(node: ReturnType<typeof testTree>): unknown {
  return { id: node.id, kind: node.kind, label: node.label, children: node.children.map(shape) };
}

describe('testTree', () => {
  it('has one item per suite, scenario and expectation, expectations under their scenario', () => {
    assert.deepEqual(shape(testTree(failingReport())), {
      id: URI,
      kind: 'suite',
      label: 'broken_checkout',
      children: [
        {
          id: `${URI}#scenario:baseline`,
          kind: 'scenario',
          label: 'baseline',
          children: [
            { id: `${URI}#expectation:loop_fails`, kind: 'expectation', label: 'loop_fails', children: [] },
            { id: `${URI}#expectation:counter_path`, kind: 'expectation', label: 'counter_path', children: [] },
            { id: `${URI}#expectation:echo_is_big`, kind: 'expectation', label: 'echo_is_big', children: [] },
            { id: `${URI}#expectation:uncalled`, kind: 'expectation', label: 'uncalled', children: [] },
          ],
        },
        { id: `${URI}#scenario:rules`, kind: 'scenario', label: 'rules', children: [] },
        { id: `${URI}#scenario:typo`, kind: 'scenario', label: 'typo', children: [] },
        { id: `${URI}#expectation:ghost_scenario`, kind: 'expectation', label: 'ghost_scenario', children: [] },
      ],
    });
  });

  it("labels the suite with the file's name when the suite name is missing", () => {
    const tree = testTree({ ...failingReport(), suite: null });
    assert.equal(tree.label, 'failing.scenario.yaml');
    assert.equal(tree.description, 'failing.scenario.yaml');
  });

  it('puts the item at the range the server reported', () => {
    const tree = testTree(failingReport());
    assert.deepEqual(tree.children[0].children[0].range, range(38, 4, 44, 2));
    assert.deepEqual(tree.range, range(1, 7, 1, 22));
  });

  it('runs an expectation through its scenario, and one naming a missing scenario through the suite', () => {
    const tree = testTree(failingReport());
    assert.equal(tree.children[0].children[0].scenario, 'baseline');
    assert.equal(tree.children[3].scenario, undefined);
  });

  it('keeps repeated scenario names and expectation ids apart, expectations going to the last scenario', () => {
    const report: SuiteReport = {
      ...failingReport(),
      scenarios: [
        { name: 'twice', scenario_hash: null, range: range(3, 4, 5, 0) },
        { name: 'twice', scenario_hash: null, range: range(5, 4, 7, 0) },
      ],
      expectations: [
        { id: 'e', scenario: 'twice', mission: 'echo', passed: true, code: null, message: null, range: range(9, 4, 12, 0) },
        { id: 'e', scenario: 'twice', mission: 'echo', passed: true, code: null, message: null, range: range(12, 4, 15, 0) },
      ],
    };
    assert.deepEqual(shape(testTree(report)), {
      id: URI,
      kind: 'suite',
      label: 'broken_checkout',
      children: [
        { id: `${URI}#scenario:twice`, kind: 'scenario', label: 'twice', children: [] },
        {
          id: `${URI}#scenario:twice (2)`,
          kind: 'scenario',
          label: 'twice (2)',
          children: [
            { id: `${URI}#expectation:e`, kind: 'expectation', label: 'e', children: [] },
            { id: `${URI}#expectation:e (2)`, kind: 'expectation', label: 'e (2)', children: [] },
          ],
        },
      ],
    });
  });
});

const diagnostics: PlainDiagnostic[] = [
  { range: range(3, 2, 3, 10), severity: 'error', message: "mission 'too_long' has 6 steps; at most 5 are allowed" },
  { range: range(31, 8, 31, 16), severity: 'error', message: "mission 'too_long' cannot run: anti-failure rule" },
  { range: range(33, 8, 33, 14), severity: 'information', message: "mission 'refuse' failed: step 'check' failed: card declined" },
  { range: range(36, 8, 36, 17), severity: 'error', message: "unknown mission 'daily_lop'; did you mean 'daily_loop'?" },
  { range: range(43, 14, 43, 19), severity: 'error', message: 'expected false, got true' },
];

describe('outcomes', () => {
  const results = outcomes(failingReport(), diagnostics);

  it('fails a mismatched expectation with expected vs actual at its location', () => {
    assert.deepEqual(results.get(`${URI}#expectation:loop_fails`), {
      state: 'failed',
      messages: [{ text: 'expected false, got true', expected: 'false', actual: 'true', range: range(38, 4, 44, 2) }],
    });
  });

  it('fails a missing path with the keys that exist, without a diff', () => {
    assert.deepEqual(results.get(`${URI}#expectation:counter_path`), {
      state: 'failed',
      messages: [
        {
          text: "path 'final_state.count' not found: 'count' is not in final_state, which has counter, message",
          range: range(44, 4, 49, 2),
        },
      ],
    });
  });

  it('shows values of different kinds as JSON in the diff', () => {
    const message = results.get(`${URI}#expectation:echo_is_big`)!.messages[0];
    assert.equal(message.expected, '10');
    assert.equal(message.actual, '"ping"');
  });

  it('marks an expectation that could not be evaluated as errored, not failed', () => {
    assert.equal(results.get(`${URI}#expectation:ghost_scenario`)!.state, 'errored');
    assert.equal(results.get(`${URI}#expectation:uncalled`)!.state, 'errored');
  });

  it('fails a scenario with a failed expectation', () => {
    assert.equal(results.get(`${URI}#scenario:baseline`)!.state, 'failed');
  });

  it('errors a scenario without expectations that calls a mission which cannot run, with the error inside it', () => {
    assert.deepEqual(results.get(`${URI}#scenario:rules`), {
      state: 'errored',
      messages: [{ text: "mission 'too_long' cannot run: anti-failure rule", range: range(31, 8, 31, 16) }],
    });
    assert.equal(results.get(`${URI}#scenario:typo`)!.messages[0].text, "unknown mission 'daily_lop'; did you mean 'daily_loop'?");
  });

  it('errors an invalid suite with the errors outside every scenario and expectation', () => {
    assert.deepEqual(results.get(URI), {
      state: 'errored',
      messages: [{ text: "mission 'too_long' has 6 steps; at most 5 are allowed", range: range(3, 2, 3, 10) }],
    });
  });

  it('fails a scenario whose snapshot changed, with the message of its finding, and the suite with it', () => {
    const message = "scenario 'baseline' differs from its snapshot: daily_loop.final_state.counter: 1 → 5";
    const report: SuiteReport = {
      ...failingReport(),
      verdict: 'failed',
      passed: 1,
      failed: 0,
      scenarios: [{ name: 'baseline', scenario_hash: null, range: range(23, 4, 29, 2), snapshot: 'changed', snapshot_message: message }],
      expectations: [
        { id: 'ok', scenario: 'baseline', mission: 'daily_loop', passed: true, code: null, message: null, range: range(38, 4, 44, 2) },
      ],
    };
    const found = outcomes(report, []);
    assert.deepEqual(found.get(`${URI}#scenario:baseline`), { state: 'failed', messages: [{ text: message, range: range(23, 4, 29, 2) }] });
    assert.equal(found.get(`${URI}#expectation:ok`)!.state, 'passed');
    assert.equal(found.get(URI)!.state, 'failed');
  });

  it('passes a scenario whose snapshot is as stored', () => {
    const report: SuiteReport = {
      ...failingReport(),
      verdict: 'passed',
      scenarios: [{ name: 'baseline', scenario_hash: null, range: range(23, 4, 29, 2), snapshot: 'unchanged', snapshot_message: null }],
      expectations: [],
    };
    assert.equal(outcomes(report, []).get(`${URI}#scenario:baseline`)!.state, 'passed');
  });

  it('passes everything in a clean suite', () => {
    const report: SuiteReport = {
      ...failingReport(),
      verdict: 'passed',
      passed: 1,
      failed: 0,
      scenarios: [{ name: 'baseline', scenario_hash: null, range: range(23, 4, 29, 2) }],
      expectations: [
        { id: 'ok', scenario: 'baseline', mission: 'daily_loop', passed: true, code: null, message: null, range: range(38, 4, 44, 2) },
      ],
    };
    assert.deepEqual(
      [...outcomes(report, []).entries()].map(([id, outcome]) => [id, outcome.state]),
      [
        [`${URI}#expectation:ok`, 'passed'],
        [`${URI}#scenario:baseline`, 'passed'],
        [URI, 'passed'],
      ],
    );
  });
});

describe('runPlan', () => {
  it('runs one scenario when only items of one scenario were picked', () => {
    assert.deepEqual(runPlan([{ uri: 'file:///a', scenario: 'x' }, { uri: 'file:///a', scenario: 'x' }]), [{ uri: 'file:///a', scenario: 'x' }]);
  });

  it('runs the suite when several scenarios of a file were picked', () => {
    assert.deepEqual(runPlan([{ uri: 'file:///a', scenario: 'x' }, { uri: 'file:///a', scenario: 'y' }]), [{ uri: 'file:///a' }]);
  });

  it('runs the suite when the file itself was picked, whatever else was', () => {
    assert.deepEqual(runPlan([{ uri: 'file:///a', scenario: 'x' }, { uri: 'file:///a' }, { uri: 'file:///b', scenario: 'z' }]), [
      { uri: 'file:///a' },
      { uri: 'file:///b', scenario: 'z' },
    ]);
  });
});

describe('contains', () => {
  it('includes ranges that share an end', () => {
    assert.ok(contains(range(1, 0, 5, 0), range(4, 2, 5, 0)));
    assert.ok(!contains(range(1, 0, 5, 0), range(4, 2, 5, 1)));
  });
});

describe('a failed expectation\'s stack and trace', () => {
  const stack = [
    { label: "expectation 'full_price_back'", uri: URI, range: range(38, 8, 38, 23) },
    { label: "scenario 'return_one_bag'", uri: URI, range: range(23, 10, 23, 24) },
    { label: 'call 1: return_items', uri: URI, range: range(26, 14, 26, 26) },
    { label: "step 'refund' wrote refunds_cents", uri: 'file:///work/checkout/missions.py', range: range(73, 0, 73, 0) },
    { label: "operation 'refund'", uri: 'file:///work/checkout/missions.py', range: range(42, 0, 42, 0) },
  ];

  function withStack(): SuiteReport {
    const report = failingReport();
    report.expectations[0] = { ...report.expectations[0], stack };
    report.expectations[1] = { ...report.expectations[1], stack: stack.slice(0, 3) };
    report.expectations[3] = { ...report.expectations[3], stack: stack.slice(0, 1) };
    return report;
  }

  it("carries the expectation's stack, expectation first, into its failure message", () => {
    const found = outcomes(withStack(), []).get(`${URI}#expectation:loop_fails`);
    assert.deepEqual(found?.messages[0].stack, stack);
  });

  it('leaves the stack out of a message whose expectation has none', () => {
    const found = outcomes(failingReport(), []).get(`${URI}#expectation:loop_fails`);
    assert.equal(found?.messages[0].stack, undefined);
  });

  it('traces the calls of the failed expectations whose stack reaches a call', () => {
    assert.deepEqual(tracedFailures(withStack()), [
      { id: `${URI}#expectation:loop_fails`, scenario: 'baseline', mission: 'daily_loop' },
      { id: `${URI}#expectation:counter_path`, scenario: 'baseline', mission: 'daily_loop' },
    ]);
  });
});
