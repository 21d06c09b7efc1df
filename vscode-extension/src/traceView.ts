/**
 * The Trace view: `scenario.showTrace` (the command of the server's Trace
 * lenses) opens a read-only document beside the scenario file with every
 * step of the call, the state before and after it and the diff between
 * them, each step's place a link to its YAML or Python line. A virtual
 * document (scheme `scenario-trace`) rather than a webview: it is text the
 * user can search, copy and diff, it follows the editor's theme and font,
 * and links open lines as everywhere else. It is made again whenever the
 * server checks the scenario file again.
 */
import * as vscode from 'vscode';
import { CLIENT_COMMANDS, type ScenarioTraceReport, type TraceTarget } from './contract';
import type { ServerConnection } from './serverConnection';
import { type TraceLink, traceText } from './traceText';

export const TRACE_SCHEME = 'scenario-trace';

/** The view's URI of a target: its title names the scenario and the call; the query keeps the target. */
export function traceUri(target: TraceTarget): vscode.Uri {
  const file = target.uri.slice(target.uri.lastIndexOf('/') + 1);
  const call = typeof target.call === 'number' ? `call ${target.call + 1}${target.mission ? ` ${target.mission}` : ''}` : (target.mission ?? 'all calls');
  const title = `${target.scenario} · ${call} (trace)`.replace(/\//g, '∕');
  const kept: TraceTarget = { uri: target.uri, scenario: target.scenario, mission: target.mission ?? null, call: target.call ?? null };
  return vscode.Uri.from({ scheme: TRACE_SCHEME, path: `/${decodeURIComponent(file)}/${title}`, query: JSON.stringify(kept) });
}

function targetOf(uri: vscode.Uri): TraceTarget | undefined {
  try {
    const target = JSON.parse(uri.query) as TraceTarget;
    return typeof target.uri === 'string' && typeof target.scenario === 'string' ? target : undefined;
  } catch {
    return undefined;
  }
}

function sameDocument(a: string, b: vscode.Uri): boolean {
  return vscode.Uri.parse(a).toString() === b.toString();
}

export class TraceView implements vscode.TextDocumentContentProvider, vscode.DocumentLinkProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** The links of each view's text, by the view's URI. */
  private readonly links = new Map<string, { source: string; links: TraceLink[] }>();
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly server: ServerConnection) {
    this.disposables = [
      this.changed,
      vscode.workspace.registerTextDocumentContentProvider(TRACE_SCHEME, this),
      vscode.languages.registerDocumentLinkProvider({ scheme: TRACE_SCHEME }, this),
      vscode.commands.registerCommand(CLIENT_COMMANDS.showTrace, (target: TraceTarget) => this.show(target)),
      vscode.workspace.onDidCloseTextDocument((document) => this.links.delete(document.uri.toString())),
    ];
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  /** Opens (or brings forward) the view of `target`, beside the editor. */
  async show(target: TraceTarget): Promise<vscode.TextEditor | undefined> {
    if (!target || typeof target.uri !== 'string' || typeof target.scenario !== 'string') {
      void vscode.window.showInformationMessage('Scenario Harness: use the Trace lens on a mission call to see its trace.');
      return undefined;
    }
    const document = await vscode.workspace.openTextDocument(traceUri(target));
    return vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }

  /** The server checked `uri` again: the open views of its traces show the new run. */
  refresh(uri: vscode.Uri): void {
    for (const document of vscode.workspace.textDocuments) {
      const target = document.uri.scheme === TRACE_SCHEME ? targetOf(document.uri) : undefined;
      if (target && sameDocument(target.uri, uri)) this.changed.fire(document.uri);
    }
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const target = targetOf(uri);
    let report: ScenarioTraceReport | undefined;
    try {
      report = target ? await this.server.trace({ ...target, states: true }) : undefined;
    } catch (error) {
      return `The trace could not be made: ${error instanceof Error ? error.message : String(error)}\n`;
    }
    if (!target || !report) {
      this.links.delete(uri.toString());
      const where = target ? `scenario '${target.scenario}' in ${vscode.workspace.asRelativePath(vscode.Uri.parse(target.uri))}` : 'this target';
      return `No trace: the language server knows no ${where} (renamed or removed since?), or it is not running.\n`;
    }
    const shown = traceText(report, { states: true, display: (path) => display(path, report) });
    this.links.set(uri.toString(), { source: report.uri, links: shown.links });
    return `${shown.lines.join('\n')}\n`;
  }

  provideDocumentLinks(document: vscode.TextDocument): vscode.DocumentLink[] {
    const kept = this.links.get(document.uri.toString());
    if (!kept) return [];
    return kept.links.map((link) => {
      const file = link.path === null ? vscode.Uri.parse(kept.source) : vscode.Uri.file(link.path);
      const found = new vscode.DocumentLink(new vscode.Range(link.line, link.start, link.line, link.end), file.with({ fragment: `L${link.targetLine}` }));
      found.tooltip = `Open ${vscode.workspace.asRelativePath(file)} at line ${link.targetLine}`;
      return found;
    });
  }
}

/** A path as the workspace names it; the traced document itself (path null) by its own name. */
export function display(path: string | null, report: ScenarioTraceReport): string {
  return vscode.workspace.asRelativePath(path === null ? vscode.Uri.parse(report.uri) : vscode.Uri.file(path));
}
