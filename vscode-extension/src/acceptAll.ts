/**
 * "Accept all in file": the server's `source.fixAll.scenario` action for a
 * whole file, applied as the editor applies any code action -- its edit
 * (every failed `eq` expectation's `expected`, with undo) first, then its
 * command (the server writes the snapshot file).
 */
import * as vscode from 'vscode';
import { FIX_ALL } from './contract';

export type AcceptOutcome = 'accepted' | 'nothing' | 'failed';

function isCodeAction(action: vscode.CodeAction | vscode.Command): action is vscode.CodeAction {
  return typeof (action as vscode.Command).command !== 'string';
}

/**
 * Accepts every actual value of the scenario file at `uri`. A file that was
 * saved before is saved again after the edit, so that it and its snapshot
 * file (written to disk by the server) agree on disk.
 */
export async function acceptAll(uri: vscode.Uri): Promise<AcceptOutcome> {
  const document = await vscode.workspace.openTextDocument(uri);
  const wasDirty = document.isDirty;
  const whole = new vscode.Range(0, 0, document.lineCount, 0);
  const offered =
    (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider',
      uri,
      whole,
      FIX_ALL,
    )) ?? [];
  const action = offered.filter(isCodeAction).find((a) => a.kind?.value === FIX_ALL);
  if (!action) return 'nothing';
  if (action.edit && !(await vscode.workspace.applyEdit(action.edit))) return 'failed';
  if (action.edit && !wasDirty) await document.save();
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  return 'accepted';
}
