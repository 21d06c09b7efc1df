import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isScenarioTraceReport, type ScenarioTraceReport } from '../src/contract';
import { changeLine, showValue, traceText } from '../src/traceText';

const PATH = '/work/own.scenario.yaml';
const display = (path: string | null): string => (path === null ? 'Untitled-1' : path.slice(path.lastIndexOf('/') + 1));

/** The answer of `scenario/trace` for the own-missions example's first_order, with states (as tests/server/test_trace.py has it). */
function firstOrder(): ScenarioTraceReport {
  const place = (line: number) => ({ path: PATH, line });
  return {
    uri: 'file:///work/own.scenario.yaml',
    path: PATH,
    scenario: 'first_order',
    calls: [
      {
        mission: 'ship_order', index: 0, line: 29, success: true, error: null,
        steps: [
          {
            id: 'review', kind: 'human', operation: null, status: 'approved', defined_at: place(7), operation_at: null,
            changes: [], error: null, state_before: { shipments: 0 }, state_after: { shipments: 0 },
          },
          {
            id: 'count', kind: 'runtime', operation: 'increment', status: 'ok', defined_at: place(13),
            operation_at: { path: '/work/shop/ops.py', line: 4 },
            changes: [{ path: 'shipments', before: 0, after: 1 }, { path: 'shipped', after: true }, { path: 'draft', before: 'x' }],
            error: null, state_before: { shipments: 0, draft: 'x' }, state_after: { shipments: 1, shipped: true },
          },
          {
            id: 'log', kind: 'runtime', operation: 'append', status: 'not_reached', defined_at: place(16), operation_at: null,
            changes: [], error: null, state_before: null, state_after: null,
          },
        ],
      },
    ],
  };
}

describe('traceText', () => {
  it('writes a change as scenario trace prints it: changed, added, removed', () => {
    assert.equal(changeLine({ path: 'cart.0.qty', before: 1, after: 2 }), 'cart.0.qty: 1 → 2');
    assert.equal(changeLine({ path: 'shipped', after: true }), 'shipped: + true');
    assert.equal(changeLine({ path: 'coupon', before: 'SPRING' }), 'coupon: - "SPRING"');
  });

  it("writes a value as the core's messages do: keys sorted, a space after each comma and colon outside strings", () => {
    assert.equal(showValue({ b: [1, { d: null, c: 'x, y: z' }], a: 'say "hi"' }), '{"a": "say \\"hi\\"", "b": [1, {"c": "x, y: z", "d": null}]}');
  });

  it('shows every step with its place, the state before and after it, and the diff between them', () => {
    const shown = traceText(firstOrder(), { display, states: true });
    assert.deepEqual(shown.lines, [
      "Trace of scenario 'first_order' in own.scenario.yaml",
      "Each call runs again from the scenario's initial_state; runs are deterministic, so this is every run.",
      '',
      'call 1 · ship_order · ✓ succeeded · own.scenario.yaml:29',
      '',
      '  step review · human · approved',
      '    at      own.scenario.yaml:7',
      '    diff    none',
      '    before  {"shipments": 0}',
      '    after   unchanged',
      '',
      '  step count · runtime increment · ok',
      '    at      own.scenario.yaml:13, def ops.py:4',
      '    diff    shipments: 0 → 1',
      '            shipped: + true',
      '            draft: - "x"',
      '    before  {"draft": "x", "shipments": 0}',
      '    after   {"shipments": 1, "shipped": true}',
      '',
      '  step log · runtime append · not reached',
      '    at      own.scenario.yaml:16',
    ]);
  });

  it('links each place to its line, over the words that name it', () => {
    const shown = traceText(firstOrder(), { display, states: false });
    const named = shown.links.map((link) => [shown.lines[link.line].slice(link.start, link.end), link.path, link.targetLine]);
    assert.deepEqual(named, [
      ['own.scenario.yaml:29', PATH, 29],
      ['own.scenario.yaml:7', PATH, 7],
      ['own.scenario.yaml:13', PATH, 13],
      ['ops.py:4', '/work/shop/ops.py', 4],
      ['own.scenario.yaml:16', PATH, 16],
    ]);
  });

  it('leaves the states out unless asked, and writes a long state over several lines', () => {
    assert.ok(!traceText(firstOrder(), { display, states: false }).lines.some((line) => line.includes('before')));
    const report = firstOrder();
    const big = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`item_${i}`, i * 1000]));
    report.calls[0].steps[0].state_before = big;
    const lines = traceText(report, { display, states: true }).lines;
    const at = lines.indexOf('    before');
    assert.deepEqual(lines.slice(at + 1, at + 4), ['      {', '        "item_0": 0,', '        "item_1": 1000,']);
    assert.equal(lines[at + 4], '        "item_10": 10000,', 'keys sorted, as the core sorts them');
  });

  it("says why a call gave no result, and that a target named no call", () => {
    const report = firstOrder();
    report.calls[0] = { ...report.calls[0], success: null, error: "unknown mission 'ship_ordr'", steps: [] };
    const lines = traceText(report, { display, states: false }).lines;
    assert.equal(lines[3], "call 1 · ship_order · no result: unknown mission 'ship_ordr' · own.scenario.yaml:29");
    assert.equal(lines.length, 4);
    assert.deepEqual(traceText({ ...report, calls: [] }, { display, states: false }).lines.slice(2), [
      '',
      'No call of this scenario matches (the file changed since the trace was asked for?).',
    ]);
  });

  it('reads a document that is not a file as the document itself', () => {
    const report = { ...firstOrder(), path: null };
    assert.equal(traceText(report, { display, states: false }).lines[0], "Trace of scenario 'first_order' in Untitled-1");
  });
});

describe('isScenarioTraceReport', () => {
  it('accepts an answer of scenario/trace and refuses null (no such scenario)', () => {
    assert.ok(isScenarioTraceReport(firstOrder()));
    assert.ok(!isScenarioTraceReport(null));
  });
});
