/**
 * The Test Explorer: a TestController with one item per suite (file),
 * scenario and expectation, filled from the server's `scenario/tests` answers
 * and run through its run commands.
 */
import * as vscode from 'vscode';
import { COMMANDS, type CoverageReport, type CoveredFile, type Range, type RunSummary, type ScenarioTraceReport, type SuiteReport } from './contract';
import { type FileDetails, fileCounts, fileDetails, scenariosIn, scenariosOf, testDetails } from './coverageModel';
import type { ServerConnection } from './serverConnection';
import { traceText } from './traceText';
import { display } from './traceView';
import {
  nodeIds,
  type Outcome,
  outcomes,
  type PlainDiagnostic,
  type RunSelection,
  runPlan,
  suiteId,
  type TestNode,
  testTree,
  tracedFailures,
} from './testTree';

const SCENARIO_GLOB = '**/*.scenario.{yaml,yml}';

function toRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

function canonicalUri(uri: string): string {
  return vscode.Uri.parse(uri).toString();
}

const SEVERITIES: Record<vscode.DiagnosticSeverity, PlainDiagnostic['severity']> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'information',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

function scenarioDiagnostics(uri: vscode.Uri): PlainDiagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'scenario')
    .map((d) => ({
      range: {
        start: { line: d.range.start.line, character: d.range.start.character },
        end: { line: d.range.end.line, character: d.range.end.character },
      },
      severity: SEVERITIES[d.severity],
      message: d.message,
    }));
}

/** Debugs one file's scenario (or every scenario of it) in a Test Explorer run; resolves when the session ends. */
export type DebugStep = (uri: vscode.Uri, scenario: string | undefined, run: vscode.TestRun) => Promise<boolean>;

export class ScenarioTests implements vscode.Disposable {
  readonly controller: vscode.TestController;
  /** What each item runs: its file and, below the suite, its scenario. */
  private readonly selections = new WeakMap<vscode.TestItem, RunSelection>();
  private readonly pendingRefresh = new Map<string, ReturnType<typeof setTimeout>>();
  /** What each FileCoverage of a coverage run was made from. */
  private readonly covered = new WeakMap<vscode.FileCoverage, { file: CoveredFile; report: CoverageReport }>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly server: ServerConnection,
    private readonly onRunSummary: (summary: RunSummary) => void,
    private readonly debugStep: DebugStep,
  ) {
    this.controller = vscode.tests.createTestController('scenario', 'Scenario Harness');
    this.controller.resolveHandler = (item) => this.resolve(item);
    this.controller.refreshHandler = () => this.discover();
    this.controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, (request, token) => this.runRequest(request, token), true);
    // Debug: each file (or scenario) runs under the debugger first, then its verdict is shown as a run shows it.
    this.controller.createRunProfile('Debug', vscode.TestRunProfileKind.Debug, (request, token) => this.runRequest(request, token, 'debug'), true);
    const coverage = this.controller.createRunProfile(
      'Run with Coverage',
      vscode.TestRunProfileKind.Coverage,
      (request, token) => this.runRequest(request, token, 'coverage'),
      true,
    );
    coverage.loadDetailedCoverage = async (_run, fileCoverage) => this.details(fileCoverage);
    coverage.loadDetailedCoverageForTest = async (_run, fileCoverage, item) => this.details(fileCoverage, item);

    const watcher = vscode.workspace.createFileSystemWatcher(SCENARIO_GLOB);
    watcher.onDidCreate((uri) => this.suiteItem(uri), undefined, this.disposables);
    watcher.onDidDelete((uri) => this.controller.items.delete(suiteId(uri.toString())), undefined, this.disposables);
    this.disposables.push(watcher, this.controller);
  }

  dispose(): void {
    for (const timer of this.pendingRefresh.values()) clearTimeout(timer);
    for (const disposable of this.disposables) disposable.dispose();
  }

  /** Lists the workspace's scenario files as suites; their children come from the server when expanded. */
  async discover(): Promise<void> {
    const files = await vscode.workspace.findFiles(SCENARIO_GLOB, '**/node_modules/**');
    for (const uri of files) this.suiteItem(uri);
  }

  /** The server has a new check of `uri`: ask for it (debounced, the server publishes often while typing). */
  scheduleRefresh(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.pendingRefresh.get(key));
    this.pendingRefresh.set(
      key,
      setTimeout(() => {
        this.pendingRefresh.delete(key);
        void this.refresh(uri);
      }, 100),
    );
  }

  async refresh(uri: vscode.Uri): Promise<void> {
    try {
      const report = await this.server.latestReport(uri);
      if (report) this.update(report);
    } catch {
      // The server was restarting or the document closed; the next check refreshes it.
    }
  }

  /**
   * Shows a run's results: refreshes each file's items from the server's
   * latest check (a run of one scenario reports only that scenario), then
   * marks the items the run covered. Without `run` (a code lens, a command,
   * the status bar) the results go into a run of their own.
   */
  async showRunSummary(
    summary: RunSummary,
    singleScenario: boolean,
    run?: vscode.TestRun,
    picked?: ReadonlySet<string>,
  ): Promise<void> {
    const testRun = run ?? this.controller.createTestRun(new vscode.TestRunRequest(), 'Scenario run', false);
    for (const report of summary.files) {
      const uri = vscode.Uri.parse(report.uri);
      const normalised = { ...report, uri: uri.toString() };
      if (singleScenario) await this.refresh(uri);
      else this.update(normalised);
      const covered = nodeIds(testTree(normalised)).filter((id) => !(singleScenario && id === suiteId(normalised.uri)));
      const reported = new Set(picked ? covered.filter((id) => picked.has(id)) : covered);
      this.report(testRun, normalised, reported);
      await this.appendTraces(testRun, normalised, reported);
    }
    if (!run) testRun.end();
  }

  /** The run's output: the trace of each call whose result a reported expectation failed on, once per call. */
  private async appendTraces(run: vscode.TestRun, report: SuiteReport, reported: ReadonlySet<string>): Promise<void> {
    const uri = vscode.Uri.parse(report.uri);
    const items = new Map<string, vscode.TestItem>();
    const suite = this.controller.items.get(suiteId(uri.toString()));
    for (const item of suite ? collect(suite) : []) items.set(item.id, item);
    const shown = new Set<string>();
    for (const failure of tracedFailures(report)) {
      const key = JSON.stringify([failure.scenario, failure.mission]);
      if (!reported.has(failure.id) || shown.has(key)) continue;
      shown.add(key);
      let trace: ScenarioTraceReport | undefined;
      try {
        trace = await this.server.trace({ uri: report.uri, scenario: failure.scenario, mission: failure.mission });
      } catch {
        continue; // the server restarted or the file changed: the run's results stand without the trace
      }
      if (!trace) continue;
      const text = traceText(trace, { states: false, display: (path) => display(path, trace) });
      const item = items.get(failure.id);
      const location = item?.range ? new vscode.Location(uri, item.range) : undefined;
      run.appendOutput(`${text.lines.join('\r\n')}\r\n\r\n`, location, item);
    }
  }

  private suiteItem(uri: vscode.Uri): vscode.TestItem {
    const id = suiteId(uri.toString());
    let item = this.controller.items.get(id);
    if (!item) {
      item = this.controller.createTestItem(id, vscode.workspace.asRelativePath(uri), uri);
      item.canResolveChildren = true;
      this.controller.items.add(item);
      this.selections.set(item, { uri: uri.toString() });
    }
    return item;
  }

  private async resolve(item: vscode.TestItem | undefined): Promise<void> {
    if (!item) {
      await this.discover();
      return;
    }
    if (!item.uri || item.parent) return;
    // Opening the document makes the server check it; its diagnostics then
    // trigger scheduleRefresh, which fills the children.
    await vscode.workspace.openTextDocument(item.uri);
    await this.refresh(item.uri);
  }

  /** Replaces a file's items by the tree of `report`. */
  private update(report: SuiteReport): vscode.TestItem {
    const uri = vscode.Uri.parse(report.uri);
    const normalised = { ...report, uri: uri.toString() };
    const suite = this.suiteItem(uri);
    const tree = testTree(normalised);
    suite.label = tree.label;
    suite.description = tree.description;
    suite.range = tree.range ? toRange(tree.range) : undefined;
    suite.canResolveChildren = false;
    suite.children.replace(tree.children.map((node) => this.item(node, uri)));
    return suite;
  }

  private item(node: TestNode, uri: vscode.Uri): vscode.TestItem {
    const item = this.controller.createTestItem(node.id, node.label, uri);
    item.description = node.description;
    item.range = node.range ? toRange(node.range) : undefined;
    this.selections.set(item, { uri: uri.toString(), scenario: node.scenario });
    item.children.replace(node.children.map((child) => this.item(child, uri)));
    return item;
  }

  private async runRequest(request: vscode.TestRunRequest, token: vscode.CancellationToken, mode: 'run' | 'debug' | 'coverage' = 'run'): Promise<void> {
    const run = this.controller.createTestRun(request);
    const included = request.include ?? [...iterate(this.controller.items)];
    const excluded = new Set((request.exclude ?? []).map((item) => item.id));
    const reported = new Set<string>();
    for (const item of included) for (const each of collect(item)) if (!excluded.has(each.id)) reported.add(each.id);
    const selections = included
      .filter((item) => !excluded.has(item.id))
      .map((item) => this.selections.get(item))
      .filter((selection): selection is RunSelection => selection !== undefined);

    for (const step of runPlan(selections)) {
      if (token.isCancellationRequested) break;
      const suite = this.controller.items.get(suiteId(canonicalUri(step.uri)));
      for (const item of suite ? collect(suite) : []) if (reported.has(item.id)) run.started(item);
      const [command, args] =
        step.scenario === undefined
          ? [COMMANDS.runSuite, [{ uri: step.uri }]]
          : [COMMANDS.runScenario, [{ uri: step.uri, scenario: step.scenario }]];
      try {
        if (mode === 'debug') await this.debugStep(vscode.Uri.parse(step.uri), step.scenario, run);
        if (token.isCancellationRequested) break;
        const summary = await this.server.run(command, args, token);
        if (!summary) {
          for (const item of suite ? collect(suite) : []) {
            if (reported.has(item.id)) run.errored(item, new vscode.TestMessage('The Scenario Harness language server is not running.'));
          }
          continue;
        }
        this.onRunSummary(summary);
        await this.showRunSummary(summary, step.scenario !== undefined, run, reported);
      } catch (error) {
        if (token.isCancellationRequested) break;
        const message = new vscode.TestMessage(`Running ${step.uri} failed: ${String(error)}`);
        for (const item of suite ? collect(suite) : []) if (reported.has(item.id)) run.errored(item, message);
      }
    }
    if (mode === 'coverage' && !token.isCancellationRequested) {
      // Everything asked for: every scenario file of the workspace (the server then knows what no call reaches).
      const everything = request.include === undefined && (request.exclude ?? []).length === 0;
      await this.addCoverage(run, everything ? undefined : runPlan(selections).map((step) => step.uri), token);
    }
    run.end();
  }

  /** Runs the files with coverage on the server and adds what it ran to `run`. */
  private async addCoverage(run: vscode.TestRun, uris: string[] | undefined, token: vscode.CancellationToken): Promise<void> {
    try {
      const report = await this.server.runCoverage(uris, token);
      if (!report) return;
      for (const file of report.files) {
        const counts = fileCounts(file);
        const tests = [...scenariosIn(file)].map((index) => this.scenarioItem(report, index)).filter((item) => item !== undefined);
        const coverage = new vscode.FileCoverage(
          vscode.Uri.parse(file.uri),
          new vscode.TestCoverageCount(counts.statements.covered, counts.statements.total),
          undefined,
          counts.declarations ? new vscode.TestCoverageCount(counts.declarations.covered, counts.declarations.total) : undefined,
          tests,
        );
        this.covered.set(coverage, { file, report });
        run.addCoverage(coverage);
      }
    } catch (error) {
      if (!token.isCancellationRequested) run.appendOutput(`Coverage could not be measured: ${String(error)}\r\n`);
    }
  }

  /** The test item of the report's scenario `index` (its file's suite when the scenario has no item). */
  private scenarioItem(report: CoverageReport, index: number): vscode.TestItem | undefined {
    const covered = report.scenarios[index];
    const suite = covered ? this.controller.items.get(suiteId(canonicalUri(covered.uri))) : undefined;
    return suite?.children.get(`${suite.id}#scenario:${covered?.scenario}`) ?? suite;
  }

  /** The statements and missions of a file of a coverage run: all of them, or those the scenarios of `item` ran. */
  private details(fileCoverage: vscode.FileCoverage, item?: vscode.TestItem): vscode.FileCoverageDetail[] {
    const source = this.covered.get(fileCoverage);
    if (!source) return [];
    const selection = item ? this.selections.get(item) : undefined;
    const shown: FileDetails = item
      ? testDetails(
          source.file,
          selection
            ? scenariosOf(source.report, selection.uri, selection.scenario, (a, b) => canonicalUri(a) === canonicalUri(b))
            : new Set(),
        )
      : fileDetails(source.file);
    return [
      ...shown.lines.map((line) => new vscode.StatementCoverage(line.executed, new vscode.Position(line.line, 0))),
      ...shown.declarations.map((m) => new vscode.DeclarationCoverage(m.name, m.executed, new vscode.Position(m.line, 0))),
    ];
  }

  /** Marks the items of one file whose ids are in `reported`. */
  private report(run: vscode.TestRun, report: SuiteReport, reported: ReadonlySet<string>): void {
    const uri = vscode.Uri.parse(report.uri);
    const results = outcomes({ ...report, uri: uri.toString() }, scenarioDiagnostics(uri));
    const suite = this.controller.items.get(suiteId(uri.toString()));
    if (!suite) return;
    for (const item of collect(suite)) {
      const outcome = results.get(item.id);
      if (outcome && reported.has(item.id)) mark(run, item, outcome, uri);
    }
  }
}

function mark(run: vscode.TestRun, item: vscode.TestItem, outcome: Outcome, uri: vscode.Uri): void {
  if (outcome.state === 'passed') {
    run.passed(item);
    return;
  }
  const messages = outcome.messages.map((m) => {
    const message =
      m.expected !== undefined && m.actual !== undefined
        ? vscode.TestMessage.diff(m.text, m.expected, m.actual)
        : new vscode.TestMessage(m.text);
    const range = m.range ? toRange(m.range) : item.range;
    if (range) message.location = new vscode.Location(uri, range);
    // Expectation → scenario → call → the step that last wrote the value → its Python line; each frame opens its line.
    if (m.stack) {
      message.stackTrace = m.stack.map(
        (frame) => new vscode.TestMessageStackFrame(frame.label, vscode.Uri.parse(frame.uri), toRange(frame.range).start),
      );
    }
    return message;
  });
  const list = messages.length > 0 ? messages : [new vscode.TestMessage(outcome.state)];
  if (outcome.state === 'failed') run.failed(item, list);
  else run.errored(item, list);
}

function* iterate(collection: vscode.TestItemCollection): Generator<vscode.TestItem> {
  for (const [, item] of collection) yield item;
}

/** An item and all its descendants. */
function collect(item: vscode.TestItem): vscode.TestItem[] {
  const all = [item];
  for (const child of iterate(item.children)) all.push(...collect(child));
  return all;
}
