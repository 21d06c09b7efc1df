/**
 * Entry point: wires the language client, the commands, the status bar and
 * the Test Explorer together.
 */
import * as vscode from 'vscode';
import { acceptAll } from './acceptAll';
import { COMMANDS, type RunSummary, type SuiteReport } from './contract';
import { ScenarioDebugging } from './debugging';
import { IDLE_STATUS, RUNNING_STATUS, type StatusText, statusText } from './runStatus';
import { isScenarioDocument, isScenarioUri, isServedDocument, ServerConnection } from './serverConnection';
import { ScenarioTests } from './testExplorer';
import { TraceView } from './traceView';

/** The extension's own command ids; `scenario.*` belong to the server (see docs/server-contract.md). */
export const EXTENSION_COMMANDS = {
  runScenario: 'scenarioHarness.runScenario',
  debugScenario: 'scenarioHarness.debugScenario',
  runSuite: 'scenarioHarness.runSuite',
  acceptAll: 'scenarioHarness.acceptAll',
  runWorkspace: 'scenarioHarness.runWorkspace',
  restartServer: 'scenarioHarness.restartServer',
  showOutput: 'scenarioHarness.showOutput',
} as const;

class RunStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('scenario.lastRun', vscode.StatusBarAlignment.Left, 50);
  private lastSummary: RunSummary | undefined;

  constructor() {
    this.item.name = 'Scenario Harness: last run';
    this.item.command = EXTENSION_COMMANDS.runSuite;
    this.set(IDLE_STATUS);
  }

  /** The file the last run was about, when it was about one file. */
  get lastSuiteUri(): vscode.Uri | undefined {
    const files = this.lastSummary?.files ?? [];
    return files.length === 1 ? vscode.Uri.parse(files[0].uri) : undefined;
  }

  running(): void {
    this.set(RUNNING_STATUS);
    this.item.show();
  }

  show(summary: RunSummary): void {
    this.lastSummary = summary;
    this.set(statusText(summary));
    this.item.show();
  }

  /** Visible while a scenario file is in front, and from the first run on. */
  updateVisibility(editor: vscode.TextEditor | undefined): void {
    if (this.lastSummary || (editor && isScenarioDocument(editor.document))) this.item.show();
    else this.item.hide();
  }

  restore(): void {
    this.set(this.lastSummary ? statusText(this.lastSummary) : IDLE_STATUS);
  }

  dispose(): void {
    this.item.dispose();
  }

  private set(status: StatusText): void {
    this.item.text = status.text;
    this.item.tooltip = status.tooltip;
  }
}

let connection: ServerConnection | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Scenario Harness', { log: true });
  const status = new RunStatusItem();
  const showSummary = (summary: RunSummary): void => status.show(summary);
  let tests: ScenarioTests | undefined;
  let traces: TraceView | undefined;
  const server = new ServerConnection(context, output, {
    onRunSummary: (summary, command) => {
      showSummary(summary);
      void tests?.showRunSummary(summary, command === COMMANDS.runScenario);
    },
    // A mission library is checked too, but it is no suite of the Test Explorer.
    onChecked: (uri) => {
      if (isScenarioUri(uri)) tests?.scheduleRefresh(uri);
      traces?.refresh(uri);
    },
  });
  connection = server;
  const debugging = new ScenarioDebugging(context, server, output);
  tests = new ScenarioTests(server, showSummary, (uri, scenario, run) => debugging.debug(uri, scenario, run));
  traces = new TraceView(server);
  context.subscriptions.push(output, status, server, tests, traces, debugging);

  const run = async (command: string, args: unknown[]): Promise<RunSummary | undefined> => {
    status.running();
    try {
      const summary = await server.run(command, args);
      if (summary) {
        showSummary(summary);
        void tests?.showRunSummary(summary, command === COMMANDS.runScenario);
      } else {
        status.restore();
      }
      return summary;
    } catch (error) {
      status.restore();
      output.error(`${command} failed: ${String(error)}`);
      void vscode.window.showErrorMessage(`Scenario Harness: ${command} failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };

  // The server runs the text the editor holds, so unsaved edits need no save.
  const activeScenarioUri = (): vscode.Uri | undefined => {
    const editor = vscode.window.activeTextEditor;
    return editor && isScenarioDocument(editor.document) ? editor.document.uri : undefined;
  };

  /** The scenario under the cursor of the scenario file in front (else the user's pick), to run or debug. */
  const scenarioInFront = async (what: 'run' | 'debug'): Promise<{ uri: vscode.Uri; scenario: string } | undefined> => {
    const uri = activeScenarioUri();
    if (!uri) {
      void vscode.window.showInformationMessage(`Scenario Harness: open a *.scenario.yaml file to ${what} one of its scenarios.`);
      return undefined;
    }
    if (!(await server.ensureStarted(true))) return undefined;
    const report = await server.latestReport(uri);
    if (!report) {
      if (server.isRunning) void vscode.window.showInformationMessage('Scenario Harness: the server has not checked this file yet; try again in a moment.');
      return undefined;
    }
    const scenario = await pickScenario(report, vscode.window.activeTextEditor, what);
    return scenario ? { uri, scenario } : undefined;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(EXTENSION_COMMANDS.runSuite, async (uri?: vscode.Uri) => {
      const target = uri instanceof vscode.Uri ? uri : (activeScenarioUri() ?? status.lastSuiteUri);
      if (target) return run(COMMANDS.runSuite, [{ uri: target.toString() }]);
      return run(COMMANDS.runWorkspace, []);
    }),
    vscode.commands.registerCommand(EXTENSION_COMMANDS.runScenario, async () => {
      const picked = await scenarioInFront('run');
      return picked ? run(COMMANDS.runScenario, [{ uri: picked.uri.toString(), scenario: picked.scenario }]) : undefined;
    }),
    vscode.commands.registerCommand(EXTENSION_COMMANDS.debugScenario, async () => {
      const picked = await scenarioInFront('debug');
      return picked ? debugging.debug(picked.uri, picked.scenario) : undefined;
    }),
    // From the editor title the argument is the file's URI; from the Test Explorer, a TestItem.
    vscode.commands.registerCommand(EXTENSION_COMMANDS.acceptAll, async (target?: vscode.Uri | vscode.TestItem) => {
      const uri = target instanceof vscode.Uri ? target : (target?.uri ?? activeScenarioUri());
      if (!uri) {
        void vscode.window.showInformationMessage('Scenario Harness: open a *.scenario.yaml file to accept its actual values.');
        return undefined;
      }
      if (!(await server.ensureStarted(true))) return undefined;
      const outcome = await acceptAll(uri);
      if (outcome === 'nothing') {
        void vscode.window.showInformationMessage(
          `Scenario Harness: nothing to accept in ${vscode.workspace.asRelativePath(uri)} (no failed eq expectation or snapshot, or the file has input errors).`,
        );
      } else if (outcome === 'failed') {
        void vscode.window.showErrorMessage(`Scenario Harness: the edit of ${vscode.workspace.asRelativePath(uri)} could not be applied.`);
      }
      return outcome;
    }),
    vscode.commands.registerCommand(EXTENSION_COMMANDS.runWorkspace, () => run(COMMANDS.runWorkspace, [])),
    vscode.commands.registerCommand(EXTENSION_COMMANDS.restartServer, async () => {
      const client = await server.restart();
      if (client) vscode.window.setStatusBarMessage('Scenario Harness: language server restarted', 3000);
    }),
    vscode.commands.registerCommand(EXTENSION_COMMANDS.showOutput, () => output.show(true)),
  );

  // The server starts when the first scenario file or mission library opens, not for every YAML file.
  const startFor = (document: vscode.TextDocument): void => {
    if (isServedDocument(document)) void server.ensureStarted();
  };
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(startFor),
    vscode.window.onDidChangeActiveTextEditor((editor) => status.updateVisibility(editor)),
    // Restricted Mode runs none of the workspace's code; once the user trusts it, the missions run.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void server.trustGranted()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('scenario.server.command')) {
        void server.restartIfCommandChanged('scenario.server.command changed; restarting the language server');
      }
    }),
  );
  vscode.workspace.textDocuments.forEach(startFor);
  status.updateVisibility(vscode.window.activeTextEditor);

  void tests.discover();
}

/** Lets VS Code wait for the server's orderly shutdown. */
export function deactivate(): Promise<void> | undefined {
  return connection?.stop();
}

/** The scenario under the cursor, else the user's choice from a quick pick. */
async function pickScenario(report: SuiteReport, editor: vscode.TextEditor | undefined, what: 'run' | 'debug'): Promise<string | undefined> {
  const cursor = editor?.selection.active;
  if (cursor) {
    const under = report.scenarios.find(
      (s) => s.range && new vscode.Range(s.range.start.line, s.range.start.character, s.range.end.line, s.range.end.character).contains(cursor),
    );
    if (under) return under.name;
  }
  const names = [...new Set(report.scenarios.map((s) => s.name))];
  if (names.length === 0) {
    void vscode.window.showInformationMessage(`Scenario Harness: this file has no scenarios to ${what}.`);
    return undefined;
  }
  if (names.length === 1) return names[0];
  return vscode.window.showQuickPick(names, { placeHolder: `Scenario to ${what}` });
}
