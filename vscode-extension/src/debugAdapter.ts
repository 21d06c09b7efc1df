/**
 * How the extension starts the debug adapter and what it asks it to debug.
 * Pure: no `vscode` import, so it runs under plain Node in the unit tests.
 *
 * The adapter, `scenario-dap`, is part of the same Python package as the
 * language server, so it is started the way the server is: the interpreter
 * of `python -m scenario_lsp` runs `python -m scenario_harness.dap`, and a
 * `scenario-lsp` command has a `scenario-dap` beside it.
 */
import type { ServerCommand } from './serverCommand';

export const DEBUG_TYPE = 'scenario';
export const ADAPTER_MODULE = 'scenario_harness.dap';

export type AdapterCommandResolution = { ok: true; command: string; args: string[] } | { ok: false; problem: string };

/** The command that starts `scenario-dap` beside the language server `server`. */
export function adapterCommand(server: Pick<ServerCommand, 'command' | 'args'>): AdapterCommandResolution {
  const args = server.args;
  const module = args.lastIndexOf('scenario_lsp');
  if (module > 0 && args[module - 1] === '-m') {
    return { ok: true, command: server.command, args: [...args.slice(0, module), ADAPTER_MODULE, ...args.slice(module + 1)] };
  }
  const executable = /^(.*[\\/])?scenario-lsp(\.exe)?$/.exec(server.command);
  if (executable) {
    return { ok: true, command: `${executable[1] ?? ''}scenario-dap${executable[2] ?? ''}`, args: args.filter((arg) => arg !== '--stdio') };
  }
  return {
    ok: false,
    problem:
      'Scenario Harness cannot tell how to start its debug adapter from scenario.server.command: ' +
      'give the server as ["/path/to/python", "-m", "scenario_lsp"] or as the scenario-lsp command, and scenario-dap is started beside it.',
  };
}

/** A launch configuration of ours, as launch.json, the code lens and the Test Explorer give it. */
export interface ScenarioLaunch {
  type: typeof DEBUG_TYPE;
  request: 'launch';
  name: string;
  program: string;
  scenario?: string;
  stopOnEntry?: boolean;
  python?: string | string[];
}

/** The launch configuration that debugs `scenario` of the file at `program` (every scenario without one). */
export function launchConfiguration(program: string, scenario?: string): ScenarioLaunch {
  const file = program.replace(/^.*[\\/]/, '');
  return scenario === undefined
    ? { type: DEBUG_TYPE, request: 'launch', name: `Debug ${file}`, program }
    : { type: DEBUG_TYPE, request: 'launch', name: `Debug scenario ${scenario}`, program, scenario };
}

/**
 * A configuration VS Code is about to launch, completed: with no
 * launch.json (F5 in a scenario file) the active file is the program, and
 * the project's interpreter is the one the server runs Python missions
 * with, unless the configuration names one. Undefined (the launch is
 * cancelled) when no scenario file can be the program.
 */
export function resolvedLaunch(
  configuration: Record<string, unknown>,
  activeScenarioFile: string | undefined,
  missionPython: string | string[],
): Record<string, unknown> | undefined {
  const resolved = { ...configuration };
  if (!resolved.type && !resolved.request && !resolved.name) Object.assign(resolved, { type: DEBUG_TYPE, request: 'launch', name: 'Debug scenario file' });
  if (!resolved.program) {
    if (!activeScenarioFile) return undefined;
    resolved.program = activeScenarioFile;
  }
  if (resolved.python === undefined && missionPython !== '') resolved.python = missionPython;
  return resolved;
}
