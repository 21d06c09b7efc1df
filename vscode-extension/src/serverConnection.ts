/**
 * The language client: starts the server on first need, restarts it, and
 * turns every way it can fail to start into one notification that says what
 * to install and which setting to change.
 */
import * as childProcess from 'child_process';
import * as vscode from 'vscode';
import {
  CloseAction,
  DidChangeConfigurationNotification,
  ErrorAction,
  ExecuteCommandRequest,
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
} from 'vscode-languageclient/node';
import {
  COMMANDS,
  type CoverageReport,
  isCoverageReport,
  isRunSummary,
  isScenarioTraceReport,
  isSuiteReport,
  type RunSummary,
  type ScenarioTraceReport,
  type SuiteReport,
  TESTS_REQUEST,
  TRACE_REQUEST,
  type TraceTarget,
} from './contract';
import { type AdapterCommandResolution, adapterCommand } from './debugAdapter';
import { onDidChangePythonInterpreter, pythonInterpreterCommand } from './pythonInterpreter';
import {
  commandLine,
  lastErrorLine,
  resolveServerCommand,
  SERVER_COMMAND_SETTING,
  type ServerCommand,
  type ServerCommandResolution,
  startFailureMessage,
} from './serverCommand';
import {
  initializationOptions,
  missionPython,
  PYTHON_SETTING,
  restrictedValue,
  SERVER_DEFAULTS,
  withMissionPython,
  withWorkspaceTrust,
} from './serverSettings';

/** Scenario files: what runs, and what the Test Explorer lists. */
export const SCENARIO_SELECTOR = [
  { scheme: 'file', language: 'yaml', pattern: '**/*.scenario.yaml' },
  { scheme: 'file', language: 'yaml', pattern: '**/*.scenario.yml' },
];

/** Every document the server checks: scenario files and the mission libraries they import. */
export const DOCUMENT_SELECTOR = [
  ...SCENARIO_SELECTOR,
  { scheme: 'file', language: 'yaml', pattern: '**/*.missions.yaml' },
  { scheme: 'file', language: 'yaml', pattern: '**/*.missions.yml' },
];

export function isScenarioDocument(document: vscode.TextDocument): boolean {
  return vscode.languages.match(SCENARIO_SELECTOR, document) > 0;
}

/** A document the server checks: a scenario file or a mission library. */
export function isServedDocument(document: vscode.TextDocument): boolean {
  return vscode.languages.match(DOCUMENT_SELECTOR, document) > 0;
}

/** A scenario file's URI (a mission library's is not one). */
export function isScenarioUri(uri: vscode.Uri): boolean {
  return /\.scenario\.ya?ml$/.test(uri.path);
}

export interface ServerEvents {
  /** A run command the extension did not send itself answered (a code lens, a code action). */
  onRunSummary(summary: RunSummary, command: string): void;
  /** The server published or was asked for diagnostics of `uri`: it has a fresh check of that document. */
  onChecked(uri: vscode.Uri): void;
}

/** Crashes tolerated within CRASH_WINDOW_MS before the extension stops restarting the server. */
const MAX_CRASHES = 3;
const CRASH_WINDOW_MS = 3 * 60 * 1000;
const STDERR_TAIL_CHARS = 4000;

export class ServerConnection implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private starting: Promise<LanguageClient | undefined> | undefined;
  private restarting: Promise<LanguageClient | undefined> | undefined;
  /** The last restartIfCommandChanged decision; the next one waits for it. */
  private reconciling: Promise<void> = Promise.resolve();
  private server: ServerCommand | undefined;
  private stderrTail = '';
  private spawnError: NodeJS.ErrnoException | undefined;
  private crashes: number[] = [];
  private stopping = false;
  /** Set when the user was told the server cannot start; cleared by a restart. */
  private startFailed = false;
  private interpreterWatch: vscode.Disposable | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
    private readonly events: ServerEvents,
  ) {}

  get isRunning(): boolean {
    return this.client?.isRunning() ?? false;
  }

  /**
   * The running client, started on first use; undefined when it cannot start
   * (the user has been told why). After a failed start only `userAsked` calls
   * (a command, a Test Explorer run) try again, so opening more files does
   * not repeat the notification.
   */
  async ensureStarted(userAsked = false): Promise<LanguageClient | undefined> {
    if (this.client?.isRunning()) return this.client;
    if (this.startFailed && !userAsked && !this.starting) return undefined;
    this.starting ??= this.start().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  /** Stops the server and starts it again; restarts asked for meanwhile run after this one. */
  restart(): Promise<LanguageClient | undefined> {
    const previous = this.restarting;
    const restarting = (async () => {
      await previous;
      await this.starting;
      await this.stop();
      this.crashes = [];
      return this.ensureStarted(true);
    })();
    this.restarting = restarting;
    const forget = (): void => {
      if (this.restarting === restarting) this.restarting = undefined;
    };
    restarting.then(forget, forget);
    return restarting;
  }

  /**
   * Restarts the server when the command that would start it now is not the
   * one it runs with (or when it could not start). Calls run one after
   * another, each on the state the previous one left: granting trust changes
   * which settings count (a configuration change) and grants trust, two
   * events that are one restart, not two.
   */
  restartIfCommandChanged(reason: string): Promise<boolean> {
    const decided = this.reconciling.then(async () => {
      await this.restarting;
      await this.starting;
      if (!this.client?.isRunning()) {
        // Not started yet: the first start reads the settings. Given up on: the user may have fixed the command.
        if (!this.startFailed && this.crashes.length <= MAX_CRASHES) return false;
      } else {
        const resolution = await this.resolveCommand();
        if (resolution.ok && this.server && commandLine(resolution.server) === commandLine(this.server)) return false;
      }
      this.output.info(reason);
      await this.restart();
      return true;
    });
    this.reconciling = decided.then(
      () => undefined,
      () => undefined,
    );
    return decided;
  }

  /**
   * VS Code now trusts the workspace: the server is told so, and runs the
   * project's Python missions without asking a question of its own. It is
   * restarted only when the workspace's settings (ignored until now) choose
   * another server command.
   */
  async trustGranted(): Promise<void> {
    const restarted = await this.restartIfCommandChanged(
      'The workspace is trusted now, and its settings choose another server command: restarting the language server',
    );
    const client = this.client;
    if (restarted || !client?.isRunning()) return; // a start reads the trust itself
    this.output.info("The workspace is trusted now: the language server runs the project's Python missions");
    try {
      await client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    } catch (error) {
      this.output.warn(`Telling the server that the workspace is trusted failed (${String(error)}); restart the server to run the missions`);
    }
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    this.stopping = true;
    try {
      await client.dispose(2000);
    } catch (error) {
      this.output.warn(`Stopping the server: ${String(error)}`);
    } finally {
      this.stopping = false;
    }
  }

  dispose(): void {
    this.interpreterWatch?.dispose();
    void this.stop();
  }

  /**
   * `workspace/executeCommand` with one of the server's run commands; undefined
   * when the server cannot run. The caller shows the summary (events.onRunSummary
   * is only for runs the extension did not ask for, such as code lens clicks).
   */
  async run(command: string, args: unknown[], token?: vscode.CancellationToken): Promise<RunSummary | undefined> {
    const client = await this.ensureStarted(true);
    if (!client) return undefined;
    const result = await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args }, token);
    if (!isRunSummary(result)) {
      this.output.warn(`${command} answered without a RunSummary: ${JSON.stringify(result)}`);
      return undefined;
    }
    return result;
  }

  /**
   * `scenario.runCoverage`: the scenario files `uris` run with coverage (every
   * one of the workspace when undefined); undefined when the server cannot run.
   */
  async runCoverage(uris: string[] | undefined, token?: vscode.CancellationToken): Promise<CoverageReport | undefined> {
    const client = await this.ensureStarted(true);
    if (!client) return undefined;
    const result = await client.sendRequest(
      ExecuteCommandRequest.type,
      { command: COMMANDS.runCoverage, arguments: [{ uris: uris ?? null }] },
      token,
    );
    if (!isCoverageReport(result)) {
      this.output.warn(`${COMMANDS.runCoverage} answered without a CoverageReport: ${JSON.stringify(result)}`);
      return undefined;
    }
    return result;
  }

  /** The server's latest check of a document (`scenario/tests`), without running anything new. */
  async latestReport(uri: vscode.Uri): Promise<SuiteReport | undefined> {
    const client = await this.ensureStarted();
    if (!client) return undefined;
    const result = await client.sendRequest(TESTS_REQUEST, { uri: uri.toString() });
    return isSuiteReport(result) ? result : undefined;
  }

  /** What each step of the calls `target` names did (`scenario/trace`); undefined when the server knows no such scenario. */
  async trace(target: TraceTarget): Promise<ScenarioTraceReport | undefined> {
    const client = await this.ensureStarted(true);
    if (!client) return undefined;
    const result = await client.sendRequest(TRACE_REQUEST, target);
    return isScenarioTraceReport(result) ? result : undefined;
  }

  /**
   * How to start the debug adapter: beside the language server, as the server
   * is started (see debugAdapter.ts), Restricted Mode's limits included.
   */
  async debugAdapterCommand(): Promise<AdapterCommandResolution> {
    const resolution = await this.resolveCommand();
    return resolution.ok ? adapterCommand(resolution.server) : { ok: false, problem: resolution.problem };
  }

  /** The interpreter that runs the project's Python missions, as the server is told it ('' : the server's own). */
  async missionPythonCommand(): Promise<string | string[]> {
    const configured = vscode.workspace.getConfiguration('scenario').get('python');
    return withMissionPython({ python: configured }, await this.missionInterpreter()).python as string | string[];
  }

  /**
   * The command that starts the server now. In Restricted Mode the workspace
   * chooses nothing: its scenario.server.command is ignored, and so is the
   * Python extension's interpreter (which may be one in the workspace).
   */
  private async resolveCommand(): Promise<ServerCommandResolution> {
    const configuration = vscode.workspace.getConfiguration('scenario');
    const trusted = vscode.workspace.isTrusted;
    const resource = vscode.workspace.workspaceFolders?.[0]?.uri;
    const inspected = configuration.inspect<unknown>('server.command');
    const setting = restrictedValue(trusted, configuration.get<unknown>('server.command'), inspected);
    this.output.debug(`scenario.server.command: ${JSON.stringify(inspected)}${trusted ? '' : ' (Restricted Mode: the workspace value is ignored)'}`);
    const python = (Array.isArray(setting) && setting.length > 0) || !trusted ? undefined : await pythonInterpreterCommand(resource, this.output);
    return resolveServerCommand(setting, python);
  }

  private async start(): Promise<LanguageClient | undefined> {
    const resolution = await this.resolveCommand();
    if (!resolution.ok) {
      this.startFailed = true;
      this.output.error(resolution.problem);
      void this.notify(`Scenario Harness: ${resolution.problem}`);
      return undefined;
    }
    const server = resolution.server;
    this.server = server;
    await this.watchInterpreter();
    this.stderrTail = '';
    this.spawnError = undefined;
    this.output.info(`Starting the language server: ${commandLine(server)} (from ${describeSource(server)})`);
    const missionInterpreter = await this.missionInterpreter();

    const client = new LanguageClient('scenario', 'Scenario Harness', () => this.spawn(server), this.clientOptions(missionInterpreter));
    silenceLibraryNotifications(client);
    try {
      await client.start();
    } catch (error) {
      this.output.error(`The language server did not start: ${String(error)}`);
      try {
        await client.dispose(1000);
      } catch {
        // Already dead: nothing left to stop.
      }
      // Set by spawn(), which TypeScript cannot see from here.
      const spawnError = this.spawnError as NodeJS.ErrnoException | undefined;
      this.startFailed = true;
      void this.notify(startFailureMessage(server, { spawnErrorCode: spawnError?.code, stderr: this.stderrTail }));
      return undefined;
    }
    this.startFailed = false;
    this.client = client;
    this.output.info(`Language server started (${client.initializeResult?.serverInfo?.name ?? 'unknown'} ${client.initializeResult?.serverInfo?.version ?? ''})`.trimEnd());
    return client;
  }

  private spawn(server: ServerCommand): Promise<childProcess.ChildProcess> {
    return new Promise((resolve, reject) => {
      // The extension's own folder as working directory: `python -m` puts the
      // working directory on sys.path, and a workspace must not be able to
      // shadow the server's modules.
      const child = childProcess.spawn(server.command, server.args, {
        cwd: this.context.extensionPath,
        env: process.env,
        stdio: 'pipe',
      });
      child.once('error', (error: NodeJS.ErrnoException) => {
        this.spawnError = error;
        reject(error);
      });
      child.once('spawn', () => resolve(child));
      child.stderr?.on('data', (chunk: Buffer) => {
        this.stderrTail = (this.stderrTail + chunk.toString()).slice(-STDERR_TAIL_CHARS);
      });
    });
  }

  /**
   * The Python extension's interpreter, for the server's `python` setting when
   * `scenario.python` is empty (the mission worker then runs the project's
   * own environment); undefined when the setting names one.
   */
  private async missionInterpreter(): Promise<string[] | undefined> {
    if (!vscode.workspace.isTrusted || missionPythonConfigured()) return undefined;
    return pythonInterpreterCommand(vscode.workspace.workspaceFolders?.[0]?.uri, this.output);
  }

  private clientOptions(missionInterpreter: string[] | undefined): LanguageClientOptions {
    const configuration = vscode.workspace.getConfiguration('scenario');
    const trusted = vscode.workspace.isTrusted;
    const python = withMissionPython({ python: userPython() }, missionInterpreter).python;
    this.output.info(
      `Python missions: ${configuration.get('pythonMissions', true) ? 'on' : 'off'}, run by ${python === '' ? "the language server's interpreter" : JSON.stringify(python)}` +
        (trusted ? '' : "; the workspace is in Restricted Mode: none of its code runs until you trust it"),
    );
    const get = <T>(key: keyof typeof SERVER_DEFAULTS, fallback: T): T => (key === 'python' ? (userPython() as T) ?? fallback : configuration.get(key, fallback));
    return {
      documentSelector: DOCUMENT_SELECTOR,
      outputChannel: this.output,
      traceOutputChannel: this.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationOptions: initializationOptions(get, missionInterpreter, trusted),
      synchronize: { configurationSection: 'scenario' },
      errorHandler: {
        error: (_error, _message, count) => ({
          action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown,
          handled: true,
        }),
        closed: () => {
          // Restarts are ours (see onServerClosed), so that a server which
          // keeps failing ends in the same single notification as a failed start.
          if (this.client && !this.stopping) setTimeout(() => void this.onServerClosed(), 0);
          return { action: CloseAction.DoNotRestart, handled: true };
        },
      },
      middleware: {
        executeCommand: async (command, args, next) => {
          const result = await next(command, args);
          if (isRunSummary(result)) this.events.onRunSummary(result, command);
          if (command === COMMANDS.copyHash) await copyHash(args, result);
          return result;
        },
        // VS Code pulls diagnostics (textDocument/diagnostic); older set-ups get
        // them pushed. Either way a fresh check of the document exists.
        provideDiagnostics: async (document, previousResultId, token, next) => {
          const report = await next(document, previousResultId, token);
          this.events.onChecked(document instanceof vscode.Uri ? document : document.uri);
          return report;
        },
        handleDiagnostics: (uri, diagnostics, next) => {
          next(uri, diagnostics);
          this.events.onChecked(uri);
        },
        workspace: {
          // A change announces itself without values: the server then asks for
          // them (workspace/configuration, below), where `python` is filled in.
          // Pushed as they are, they would carry an empty `python` for a moment.
          didChangeConfiguration: (_sections, next) => next(undefined),
          configuration: async (params, token, next) => {
            const answer = await next(params, token);
            if (!Array.isArray(answer)) return answer;
            const interpreter = params.items.some((item) => item.section === 'scenario') ? await this.missionInterpreter() : undefined;
            return answer.map((value, index) => (params.items[index]?.section === 'scenario' ? scenarioSection(value, interpreter) : value));
          },
        },
      },
    };
  }

  private async onServerClosed(): Promise<void> {
    this.client = undefined;
    const now = Date.now();
    this.crashes = [...this.crashes.filter((at) => now - at < CRASH_WINDOW_MS), now];
    const reason = lastErrorLine(this.stderrTail);
    if (this.crashes.length > MAX_CRASHES) {
      this.output.error(`The language server stopped ${this.crashes.length} times in 3 minutes; not restarting it.`);
      const choice = await vscode.window.showErrorMessage(
        `Scenario Harness: the language server keeps stopping${reason ? ` (${reason})` : ''}. See its output, then restart it.`,
        'Show Output',
        'Restart Server',
      );
      if (choice === 'Show Output') this.output.show(true);
      if (choice === 'Restart Server') void this.restart();
      return;
    }
    this.output.warn(`The language server stopped${reason ? ` (${reason})` : ''}; restarting it.`);
    await this.ensureStarted(true);
  }

  /**
   * The server follows the Python extension's interpreter: started with it,
   * it restarts; else, when Python missions run with it (scenario.python
   * empty), the server is told to read its settings again.
   */
  private async watchInterpreter(): Promise<void> {
    this.interpreterWatch ??= await onDidChangePythonInterpreter(() => {
      if (this.server?.source === 'python-extension') {
        this.output.info("The Python extension's interpreter changed; restarting the language server");
        void this.restart();
        return;
      }
      if (this.client?.isRunning() && !missionPythonConfigured()) {
        this.output.info(`The Python extension's interpreter changed; Python missions follow it (${PYTHON_SETTING} is empty)`);
        void this.client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      }
    });
  }

  private async notify(message: string): Promise<void> {
    const choice = await vscode.window.showErrorMessage(message, 'Open Settings', 'Show Output');
    if (choice === 'Open Settings') {
      await vscode.commands.executeCommand('workbench.action.openSettings', SERVER_COMMAND_SETTING);
    } else if (choice === 'Show Output') {
      this.output.show(true);
    }
  }
}

/** True when scenario.python names the interpreter of Python missions (else the Python extension's is used). */
function missionPythonConfigured(): boolean {
  return missionPython(userPython(), undefined) !== '';
}

/** scenario.python as it counts now: in Restricted Mode the user's own value, never the workspace's. */
function userPython(): unknown {
  const configuration = vscode.workspace.getConfiguration('scenario');
  return restrictedValue(vscode.workspace.isTrusted, configuration.get<unknown>('python'), configuration.inspect<unknown>('python'));
}

/**
 * The `scenario` section as the server reads it (workspace/configuration):
 * `python` filled in (in Restricted Mode from the user's settings only), and
 * whose trust decides, whatever the workspace's settings say of either.
 */
function scenarioSection(section: unknown, interpreter: readonly string[] | undefined): Record<string, unknown> {
  const trusted = vscode.workspace.isTrusted;
  const settings = typeof section === 'object' && section !== null && !Array.isArray(section) ? (section as Record<string, unknown>) : {};
  return withWorkspaceTrust(withMissionPython(trusted ? settings : { ...settings, python: userPython() }, interpreter), trusted);
}

function describeSource(server: ServerCommand): string {
  switch (server.source) {
    case 'setting':
      return `the setting ${SERVER_COMMAND_SETTING}`;
    case 'python-extension':
      return "the Python extension's selected interpreter";
    default:
      return 'the default; set scenario.server.command to change it';
  }
}

async function copyHash(args: unknown[], result: unknown): Promise<void> {
  const argument = (args[0] ?? {}) as { hash?: unknown; label?: unknown };
  const hash = typeof result === 'string' ? result : typeof argument.hash === 'string' ? argument.hash : undefined;
  if (!hash) return;
  await vscode.env.clipboard.writeText(hash);
  const label = typeof argument.label === 'string' ? argument.label : 'hash';
  vscode.window.setStatusBarMessage(`Copied ${label} ${hash}`, 4000);
}

/**
 * vscode-languageclient shows its own error notification when a start fails
 * ("couldn't create connection to server"), on top of the one this extension
 * shows with the actual fix. Everything it would show is also in the output
 * channel, so its notifications are turned off and ServerConnection reports
 * every failure itself, once.
 */
function silenceLibraryNotifications(client: LanguageClient): void {
  const notifier = client as unknown as { showNotificationMessage?: unknown };
  if (typeof notifier.showNotificationMessage === 'function') {
    notifier.showNotificationMessage = () => undefined;
  }
}
