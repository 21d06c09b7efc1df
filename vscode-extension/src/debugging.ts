/**
 * Debugging scenario files: the `scenario` debug type (scenario-dap, started
 * beside the language server), the "Debug scenario" code lens's command, and
 * debug sessions the Test Explorer's Debug profile waits for.
 */
import * as vscode from 'vscode';
import { DEBUG_SCENARIO } from './contract';
import { DEBUG_TYPE, launchConfiguration, resolvedLaunch } from './debugAdapter';
import { isScenarioDocument, type ServerConnection } from './serverConnection';

export class ScenarioDebugging implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private sessions = 0;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly server: ServerConnection,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, { createDebugAdapterDescriptor: () => this.adapter() }),
      vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, { resolveDebugConfiguration: (_folder, configuration) => this.resolve(configuration) }),
      // The lens's command: the server names it, the extension runs it.
      vscode.commands.registerCommand(DEBUG_SCENARIO, (target?: { uri?: string; scenario?: string }) =>
        target?.uri ? this.debug(vscode.Uri.parse(target.uri), target.scenario) : false,
      ),
    );
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  /**
   * Debug `scenario` of the file at `uri` (every scenario without one); resolves
   * once the session has ended (false when it did not start). With `testRun`,
   * the session belongs to that Test Explorer run.
   */
  async debug(uri: vscode.Uri, scenario?: string, testRun?: vscode.TestRun): Promise<boolean> {
    const marker = `scenario-${Date.now()}-${++this.sessions}`;
    const configuration = { ...launchConfiguration(uri.fsPath, scenario), scenarioHarnessSession: marker };
    const ended = new Promise<void>((resolve) => {
      const watch = vscode.debug.onDidTerminateDebugSession((session) => {
        if (session.configuration.scenarioHarnessSession === marker) {
          watch.dispose();
          resolve();
        }
      });
    });
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const started = await vscode.debug.startDebugging(folder, configuration, testRun ? { testRun } : undefined);
    if (started) await ended;
    return started;
  }

  private async adapter(): Promise<vscode.DebugAdapterDescriptor | undefined> {
    const resolution = await this.server.debugAdapterCommand();
    if (!resolution.ok) {
      this.output.error(resolution.problem);
      void vscode.window.showErrorMessage(resolution.problem);
      return undefined;
    }
    this.output.info(`Starting the debug adapter: ${[resolution.command, ...resolution.args].join(' ')}`);
    // The extension's folder as working directory, as for the server: a workspace must not shadow our modules.
    return new vscode.DebugAdapterExecutable(resolution.command, resolution.args, { cwd: this.context.extensionPath });
  }

  private async resolve(configuration: vscode.DebugConfiguration): Promise<vscode.DebugConfiguration | undefined> {
    const editor = vscode.window.activeTextEditor;
    const active = editor && isScenarioDocument(editor.document) ? editor.document.uri.fsPath : undefined;
    const resolved = resolvedLaunch({ ...configuration }, active, await this.server.missionPythonCommand());
    if (!resolved) {
      void vscode.window.showInformationMessage('Scenario Harness: open a *.scenario.yaml file to debug it, or give "program" in launch.json.');
      return undefined;
    }
    return resolved as vscode.DebugConfiguration;
  }
}
