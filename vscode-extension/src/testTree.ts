/**
 * The Test Explorer's model, built from a SuiteReport: one item per suite,
 * scenario and expectation, and the outcome of each after a run. Pure: no
 * `vscode` import; the glue in testExplorer.ts turns these into TestItems.
 */
import type { ExpectationReport, Range, ScenarioReport, StackFrame, SuiteReport } from './contract';

export type TestKind = 'suite' | 'scenario' | 'expectation';

export interface TestNode {
  /** Unique in the whole Test Explorer; stable across re-checks of the same text. */
  id: string;
  kind: TestKind;
  label: string;
  description?: string;
  range: Range | null;
  /** The scenario a run of this node runs; undefined means the whole suite. */
  scenario?: string;
  children: TestNode[];
}

export type OutcomeState = 'passed' | 'failed' | 'errored';

export interface OutcomeMessage {
  text: string;
  /** Set for comparisons, so the Test Explorer can show expected vs actual. */
  expected?: string;
  actual?: string;
  range: Range | null;
  /** A failed expectation's way to its value: expectation, scenario, call, the step that wrote it, its Python line. */
  stack?: StackFrame[];
}

export interface Outcome {
  state: OutcomeState;
  messages: OutcomeMessage[];
}

/** A diagnostic as the outcome logic needs it, free of `vscode` types. */
export interface PlainDiagnostic {
  range: Range;
  severity: 'error' | 'warning' | 'information' | 'hint';
  message: string;
}

/** Codes whose expectation ran and compared two values. */
const COMPARISON_CODES = new Set(['eq_mismatch', 'ne_mismatch', 'gt_mismatch', 'lt_mismatch', 'type_error']);
/** Codes whose expectation ran and found a wrong result (the rest could not be evaluated). */
const FAILURE_CODES = new Set([...COMPARISON_CODES, 'path_missing']);

export function suiteId(uri: string): string {
  return uri;
}

/** `name`, then `name (2)`, `name (3)` for repeats: the Test Explorer needs unique ids among siblings. */
function uniqueKeys(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name} (${count})`;
  });
}

function fileName(uri: string): string {
  const path = uri.replace(/[?#].*$/, '');
  return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
}

/**
 * The tree of one file: suite → scenarios → their expectations. An
 * expectation that names a scenario the file does not have hangs directly
 * under the suite, so it is still visible (and fails with its message).
 * When a scenario name repeats, its expectations belong to the last one,
 * as in the engine ("last wins").
 */
export function testTree(report: SuiteReport): TestNode {
  const uri = report.uri;
  const scenarioKeys = uniqueKeys(report.scenarios.map((s) => s.name));
  const scenarioNodes = report.scenarios.map((scenario, index): TestNode => ({
    id: `${uri}#scenario:${scenarioKeys[index]}`,
    kind: 'scenario',
    label: scenarioKeys[index],
    range: scenario.range ?? null,
    scenario: scenario.name,
    children: [],
  }));
  const byName = new Map<string, TestNode>();
  report.scenarios.forEach((scenario, index) => byName.set(scenario.name, scenarioNodes[index]));

  const suite: TestNode = {
    id: suiteId(uri),
    kind: 'suite',
    label: report.suite ?? fileName(uri),
    description: fileName(uri),
    range: report.range ?? null,
    children: [...scenarioNodes],
  };
  const expectationKeys = uniqueKeys(report.expectations.map((e) => e.id));
  report.expectations.forEach((expectation, index) => {
    const parent = byName.get(expectation.scenario);
    const node: TestNode = {
      id: `${uri}#expectation:${expectationKeys[index]}`,
      kind: 'expectation',
      label: expectationKeys[index],
      description: expectation.mission,
      range: expectation.range ?? null,
      scenario: parent ? expectation.scenario : undefined,
      children: [],
    };
    (parent ?? suite).children.push(node);
  });
  return suite;
}

/** The ids of a node and all its descendants. */
export function nodeIds(node: TestNode): string[] {
  return [node.id, ...node.children.flatMap(nodeIds)];
}

function json(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value, null, 2);
}

/** The failure message of one expectation, with expected vs actual for comparisons. */
export function expectationMessage(expectation: ExpectationReport): OutcomeMessage {
  const text = expectation.message ?? expectation.code ?? `expectation '${expectation.id}' failed`;
  const message: OutcomeMessage = { text, range: expectation.range ?? null };
  if (expectation.stack && expectation.stack.length > 0) message.stack = expectation.stack;
  if (expectation.code !== null && COMPARISON_CODES.has(expectation.code)) {
    message.expected = json(expectation.expected);
    message.actual = json(expectation.actual);
  }
  return message;
}

function expectationOutcome(expectation: ExpectationReport): Outcome {
  if (expectation.passed) return { state: 'passed', messages: [] };
  const failed = expectation.code === null || FAILURE_CODES.has(expectation.code);
  return { state: failed ? 'failed' : 'errored', messages: [expectationMessage(expectation)] };
}

function comparePositions(a: Range['start'], b: Range['start']): number {
  return a.line - b.line || a.character - b.character;
}

/** True when `inner` lies within `outer` (ends included). */
export function contains(outer: Range, inner: Range): boolean {
  return comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;
}

function errorMessages(diagnostics: readonly PlainDiagnostic[]): OutcomeMessage[] {
  return diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => ({ text: d.message, range: d.range }));
}

/**
 * The outcome of every node of `testTree(report)`, by id.
 *
 * - an expectation passes or fails as the report says; one that could not be
 *   evaluated (its mission did not run, it names a missing scenario) is
 *   *errored*;
 * - a scenario fails when one of its expectations failed or its snapshot
 *   changed or is missing; it is errored when an
 *   error diagnostic lies inside it (an unknown mission, a rule violation) or
 *   an expectation could not be evaluated, and passes otherwise;
 * - the suite follows the report's verdict; `invalid` is errored, carrying
 *   the error diagnostics that lie outside every scenario and expectation.
 */
export function outcomes(report: SuiteReport, diagnostics: readonly PlainDiagnostic[]): Map<string, Outcome> {
  const tree = testTree(report);
  const result = new Map<string, Outcome>();
  const expectationsById = new Map<string, ExpectationReport>();
  const expectationKeys = uniqueKeys(report.expectations.map((e) => e.id));
  report.expectations.forEach((e, i) => expectationsById.set(`${report.uri}#expectation:${expectationKeys[i]}`, e));

  const scenariosById = new Map<string, ScenarioReport>();
  const scenarioKeys = uniqueKeys(report.scenarios.map((s) => s.name));
  report.scenarios.forEach((s, i) => scenariosById.set(`${report.uri}#scenario:${scenarioKeys[i]}`, s));

  const claimed: Range[] = [];
  const visitExpectation = (node: TestNode): Outcome => {
    const outcome = expectationOutcome(expectationsById.get(node.id)!);
    result.set(node.id, outcome);
    if (node.range) claimed.push(node.range);
    return outcome;
  };

  const suiteMessages: OutcomeMessage[] = [];
  let anyFailed = false;
  for (const child of tree.children) {
    if (child.kind === 'expectation') {
      const outcome = visitExpectation(child);
      anyFailed ||= outcome.state === 'failed';
      suiteMessages.push(...outcome.messages);
      continue;
    }
    const childOutcomes = child.children.map(visitExpectation);
    const inside = child.range ? diagnostics.filter((d) => contains(child.range!, d.range)) : [];
    if (child.range) claimed.push(child.range);
    const failed = childOutcomes.filter((o) => o.state === 'failed');
    const errored = childOutcomes.filter((o) => o.state === 'errored');
    const errors = errorMessages(inside);
    const snapshot = snapshotMessage(scenariosById.get(child.id));
    let outcome: Outcome;
    if (failed.length > 0 || snapshot) {
      const messages = [...failed, ...errored].flatMap((o) => o.messages).concat(errors);
      outcome = { state: 'failed', messages: snapshot ? [snapshot, ...messages] : messages };
    } else if (errored.length > 0 || errors.length > 0) {
      outcome = { state: 'errored', messages: errored.flatMap((o) => o.messages).concat(errors) };
    } else {
      outcome = { state: 'passed', messages: [] };
    }
    anyFailed ||= outcome.state === 'failed';
    result.set(child.id, outcome);
  }

  if (report.verdict === 'invalid') {
    const outside = diagnostics.filter((d) => !claimed.some((range) => contains(range, d.range)));
    const messages = errorMessages(outside);
    result.set(tree.id, {
      state: 'errored',
      messages: messages.length > 0 ? messages : [{ text: 'The file has input errors; see the Problems panel.', range: report.range ?? null }],
    });
  } else if (report.verdict === 'failed' || anyFailed) {
    result.set(tree.id, { state: 'failed', messages: suiteMessages });
  } else {
    result.set(tree.id, { state: 'passed', messages: [] });
  }
  return result;
}

/** The failure of a scenario's snapshot (changed or missing), if it failed. */
function snapshotMessage(scenario: ScenarioReport | undefined): OutcomeMessage | undefined {
  if (!scenario || (scenario.snapshot !== 'changed' && scenario.snapshot !== 'missing')) return undefined;
  return { text: scenario.snapshot_message ?? `snapshot ${scenario.snapshot}`, range: scenario.range ?? null };
}

/** A failed expectation whose call the test run's output shows the trace of. */
export interface TracedFailure {
  /** The expectation's node id (see testTree). */
  id: string;
  scenario: string;
  mission: string;
}

/**
 * The failed expectations whose result a call gave (their stack reaches a
 * call): the test run's output shows the trace of each one's calls.
 */
export function tracedFailures(report: SuiteReport): TracedFailure[] {
  const keys = uniqueKeys(report.expectations.map((e) => e.id));
  return report.expectations.flatMap((expectation, index) =>
    !expectation.passed && (expectation.stack?.length ?? 0) >= 3
      ? [{ id: `${report.uri}#expectation:${keys[index]}`, scenario: expectation.scenario, mission: expectation.mission }]
      : [],
  );
}

/** What the user picked in the Test Explorer, reduced to what a run needs. */
export interface RunSelection {
  uri: string;
  /** The scenario of a scenario or expectation item; undefined for a suite. */
  scenario?: string;
}

/** One server command per file: `runScenario` when only one scenario of it was picked, else `runSuite`. */
export interface RunStep {
  uri: string;
  scenario?: string;
}

export function runPlan(selections: readonly RunSelection[]): RunStep[] {
  const byUri = new Map<string, Set<string> | 'suite'>();
  for (const selection of selections) {
    const current = byUri.get(selection.uri);
    if (current === 'suite') continue;
    if (selection.scenario === undefined) {
      byUri.set(selection.uri, 'suite');
    } else {
      byUri.set(selection.uri, (current ?? new Set<string>()).add(selection.scenario));
    }
  }
  return [...byUri.entries()].map(([uri, picked]) =>
    picked !== 'suite' && picked.size === 1 ? { uri, scenario: [...picked][0] } : { uri },
  );
}
