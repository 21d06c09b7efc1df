/**
 * The active interpreter of the Python extension (ms-python.python), when it
 * is installed. Its API is read through the few members used here, so the
 * extension neither depends on nor bundles the Python extension's API package.
 */
import * as vscode from 'vscode';

export const PYTHON_EXTENSION_ID = 'ms-python.python';

interface PythonEnvironmentsApi {
  getActiveEnvironmentPath?(resource?: vscode.Uri): { path: string } | undefined;
  resolveEnvironment?(env: { path: string } | string): Promise<{ executable?: { uri?: vscode.Uri } } | undefined>;
  onDidChangeActiveEnvironmentPath?: vscode.Event<unknown>;
}

interface PythonExtensionApi {
  environments?: PythonEnvironmentsApi;
  settings?: { getExecutionDetails?(resource?: vscode.Uri): { execCommand?: string[] } };
}

async function pythonApi(): Promise<PythonExtensionApi | undefined> {
  const extension = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION_ID);
  if (!extension) return undefined;
  return extension.isActive ? extension.exports : await extension.activate();
}

/**
 * The command that runs the selected interpreter (`["/path/python"]`, or
 * several words for conda), or undefined when the Python extension is absent
 * or has no interpreter selected.
 */
export async function pythonInterpreterCommand(
  resource: vscode.Uri | undefined,
  log: vscode.LogOutputChannel,
): Promise<string[] | undefined> {
  try {
    const api = await pythonApi();
    const environments = api?.environments;
    const active = environments?.getActiveEnvironmentPath?.(resource);
    if (active && environments?.resolveEnvironment) {
      const resolved = await environments.resolveEnvironment(active);
      const executable = resolved?.executable?.uri?.fsPath;
      if (executable) return [executable];
    }
    const execCommand = api?.settings?.getExecutionDetails?.(resource)?.execCommand;
    if (execCommand && execCommand.length > 0) return execCommand;
  } catch (error) {
    log.warn(`Could not ask the Python extension for its interpreter: ${String(error)}`);
  }
  return undefined;
}

/** Fires when the user selects another interpreter in the Python extension. */
export async function onDidChangePythonInterpreter(listener: () => void): Promise<vscode.Disposable | undefined> {
  try {
    const api = await pythonApi();
    return api?.environments?.onDidChangeActiveEnvironmentPath?.(listener);
  } catch {
    return undefined;
  }
}
