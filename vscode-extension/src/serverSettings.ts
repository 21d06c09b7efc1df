/**
 * The settings the extension gives the language server (docs/server-contract.md):
 * in `initializationOptions` at start, and in the answer to the server's
 * `workspace/configuration` request for the `scenario` section afterwards.
 * Pure: no `vscode` import, so it runs under plain Node in the unit tests.
 */
import { WORKSPACE_TRUST_SETTING, type WorkspaceTrust } from './contract';

export const PYTHON_SETTING = 'scenario.python';
export const PYTHON_MISSIONS_SETTING = 'scenario.pythonMissions';

/** The server's settings, with the contract's defaults. */
export const SERVER_DEFAULTS = {
  debounceMs: 150,
  runOnChange: true,
  hashLength: 12,
  inlayHints: true,
  pythonMissions: true,
  python: '',
} as const;

/** What the server gets for `python`: a command as one path, or as several words. */
export type PythonCommand = string | string[];

/**
 * The interpreter that runs the project's Python missions.
 *
 * 1. `scenario.python` when it names one;
 * 2. else the interpreter selected in the Python extension (`interpreter`,
 *    which may be several words such as `conda run -n env python`);
 * 3. else `""`: the server runs missions with its own interpreter.
 */
export function missionPython(configured: unknown, interpreter: readonly string[] | undefined): PythonCommand {
  if (typeof configured === 'string' && configured.trim() !== '') return configured.trim();
  const words = (interpreter ?? []).filter((word) => word.trim() !== '');
  return words.length > 0 ? [...words] : '';
}

/**
 * The `scenario` section as the server reads it: the user's settings with
 * `python` filled in by {@link missionPython}, and `debugLens` on (this
 * extension starts the debugger for the "Debug scenario" lens). Everything
 * else is passed on as it is (the server ignores what it does not know, and
 * logs a value of the wrong type).
 */
export function withMissionPython(section: unknown, interpreter: readonly string[] | undefined): Record<string, unknown> {
  const settings = typeof section === 'object' && section !== null && !Array.isArray(section) ? { ...(section as Record<string, unknown>) } : {};
  settings.python = missionPython(settings.python, interpreter);
  settings.debugLens = true;
  return settings;
}

/**
 * `initializationOptions`: the server's settings read through `get`, defaults where the user set none,
 * and whether VS Code trusts the workspace (see {@link withWorkspaceTrust}).
 */
export function initializationOptions(
  get: <T>(key: keyof typeof SERVER_DEFAULTS, fallback: T) => T,
  interpreter: readonly string[] | undefined,
  trusted: boolean,
): Record<string, unknown> {
  const options = withMissionPython(
    {
      debounceMs: get('debounceMs', SERVER_DEFAULTS.debounceMs),
      runOnChange: get('runOnChange', SERVER_DEFAULTS.runOnChange),
      hashLength: get('hashLength', SERVER_DEFAULTS.hashLength),
      inlayHints: get('inlayHints', SERVER_DEFAULTS.inlayHints),
      pythonMissions: get('pythonMissions', SERVER_DEFAULTS.pythonMissions),
      python: get('python', SERVER_DEFAULTS.python),
    },
    interpreter,
  );
  return withWorkspaceTrust(options, trusted);
}

/**
 * The settings a workspace must not choose before the user trusts it
 * (`restrictedConfigurations` in package.json): they name programs the
 * extension runs.
 */
export const RESTRICTED_SETTINGS = ['scenario.server.command', PYTHON_SETTING] as const;

/** The values of one setting by where they come from, as `WorkspaceConfiguration.inspect` gives them. */
export interface InspectedSetting<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

/**
 * The value of a restricted setting: in a trusted workspace the one in
 * effect; in Restricted Mode the user's own or else the default, whatever
 * the workspace's settings say. So an untrusted folder cannot choose what
 * program the extension starts.
 */
export function restrictedValue<T>(trusted: boolean, effective: T | undefined, inspected: InspectedSetting<T> | undefined): T | undefined {
  return trusted ? effective : (inspected?.globalValue ?? inspected?.defaultValue);
}

/**
 * `settings` with the server told whose trust decides: VS Code's. The server
 * runs the project's Python missions in a trusted workspace, and nothing of
 * it in Restricted Mode, and never asks a question of its own (VS Code's
 * trust is the question). Whatever a workspace's settings say about it is
 * replaced.
 */
export function withWorkspaceTrust(settings: Record<string, unknown>, trusted: boolean): Record<string, unknown> {
  const trust: WorkspaceTrust = trusted ? 'trusted' : 'restricted';
  return { ...settings, [WORKSPACE_TRUST_SETTING]: trust };
}
