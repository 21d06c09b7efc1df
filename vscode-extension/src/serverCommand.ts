/**
 * How the extension finds the language server, and what it tells the user
 * when the server cannot start. Pure: no `vscode` import, so it runs under
 * plain Node in the unit tests.
 */

/** Where the command came from, in the order the extension tries them. */
export type ServerCommandSource = 'setting' | 'python-extension' | 'default';

export interface ServerCommand {
  command: string;
  args: string[];
  source: ServerCommandSource;
}

export type ServerCommandResolution =
  | { ok: true; server: ServerCommand }
  | { ok: false; problem: string };

export const SERVER_COMMAND_SETTING = 'scenario.server.command';
export const SERVER_MODULE_ARGS = ['-m', 'scenario_lsp'];

/**
 * Picks the server command.
 *
 * 1. `scenario.server.command` when it is a non-empty array of strings;
 * 2. else the active interpreter of the Python extension (`pythonCommand`,
 *    which may be several words such as `conda run -n env python`) with
 *    `-m scenario_lsp`;
 * 3. else `python3 -m scenario_lsp` (`python` on Windows, where `python3`
 *    is usually the Store stub).
 *
 * A setting that is present but malformed is reported, never ignored: the
 * user wrote it on purpose.
 */
export function resolveServerCommand(
  setting: unknown,
  pythonCommand: readonly string[] | undefined,
  platform: string = process.platform,
): ServerCommandResolution {
  if (setting !== undefined && setting !== null && !(Array.isArray(setting) && setting.length === 0)) {
    if (!Array.isArray(setting) || !setting.every((part) => typeof part === 'string')) {
      return {
        ok: false,
        problem: `The setting ${SERVER_COMMAND_SETTING} must be an array of strings, for example ["/path/to/python", "-m", "scenario_lsp"].`,
      };
    }
    if (setting[0].trim() === '') {
      return { ok: false, problem: `The setting ${SERVER_COMMAND_SETTING} starts with an empty program name.` };
    }
    return { ok: true, server: { command: setting[0], args: setting.slice(1), source: 'setting' } };
  }
  const python = (pythonCommand ?? []).filter((part) => part.trim() !== '');
  if (python.length > 0) {
    return {
      ok: true,
      server: { command: python[0], args: [...python.slice(1), ...SERVER_MODULE_ARGS], source: 'python-extension' },
    };
  }
  const interpreter = platform === 'win32' ? 'python' : 'python3';
  return { ok: true, server: { command: interpreter, args: [...SERVER_MODULE_ARGS], source: 'default' } };
}

/** The command as a person would type it in a shell. */
export function commandLine(server: Pick<ServerCommand, 'command' | 'args'>): string {
  return [server.command, ...server.args].map(shellQuote).join(' ');
}

function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The most telling line of what the server printed before it died: Python's
 * final traceback line (`ModuleNotFoundError: No module named 'scenario_lsp'`)
 * or else the last non-empty line.
 */
export function lastErrorLine(stderr: string): string | undefined {
  const lines = stderr
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const pythonError = [...lines].reverse().find((line) => /^[A-Za-z_.]*(Error|Exception)\b.*:/.test(line));
  return pythonError ?? lines[lines.length - 1];
}

export interface StartFailure {
  /** `ENOENT` and friends when the program itself could not be spawned. */
  spawnErrorCode?: string;
  /** What the process wrote to stderr before it exited. */
  stderr: string;
}

/**
 * The one notification shown when the server cannot start: what failed, what
 * to install, and which setting to change.
 */
export function startFailureMessage(server: ServerCommand, failure: StartFailure): string {
  const line = commandLine(server);
  let what: string;
  if (failure.spawnErrorCode === 'ENOENT') {
    what = `"${server.command}" was not found`;
  } else if (failure.spawnErrorCode) {
    what = `"${server.command}" could not be run (${failure.spawnErrorCode})`;
  } else {
    const reason = lastErrorLine(failure.stderr);
    what = reason ? `\`${line}\` failed: ${reason}` : `\`${line}\` exited before it answered`;
  }
  const source =
    server.source === 'setting'
      ? `the command in ${SERVER_COMMAND_SETTING}`
      : server.source === 'python-extension'
        ? "the Python extension's selected interpreter"
        : `${server.command} on your PATH`;
  const fix =
    server.source === 'setting'
      ? `Fix ${SERVER_COMMAND_SETTING}, or install the server (Scenario Harness's Python package: \`pip install\` its checkout or wheel) into the Python it runs.`
      : `Install the server (Scenario Harness's Python package: \`pip install\` its checkout or wheel) into ${source}, or set ${SERVER_COMMAND_SETTING} to a command that starts it, e.g. ["/path/to/venv/bin/python", "-m", "scenario_lsp"].`;
  return `Scenario Harness: the language server did not start — ${what}. ${fix}`;
}
