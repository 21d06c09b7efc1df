/**
 * A `scenario/trace` answer as text a person reads: every call, every step
 * with its status and the place it is defined, the changes it made as
 * `scenario trace` prints them (`cart.0.qty: 1 → 2`, a key added
 * `coupon: + "SPRING"`, one removed `coupon: - "SPRING"`), and with states
 * the state before and after it. Also where each place is written in the
 * text, so that the Trace view can link it to its line. Pure: no `vscode`
 * import; the Trace view and the Test Explorer's output read it.
 */
import type { CallTraceReport, ChangeReport, PlaceReport, ScenarioTraceReport, StepTraceReport } from './contract';

/** A place named in the text: line and columns (0-based) of its words, and the 1-based line it names in `path`. */
export interface TraceLink {
  line: number;
  start: number;
  end: number;
  /** The file; null: the document the trace is of. */
  path: string | null;
  targetLine: number;
}

export interface TraceText {
  lines: string[];
  links: TraceLink[];
}

export interface TraceTextOptions {
  /** How a file's path is shown (a path relative to the workspace, say). */
  display: (path: string | null) => string;
  /** Show the state before and after each step (when the answer has them). */
  states: boolean;
}

/** A state shown on its line up to this many characters; a longer one is written out over several lines. */
const ONE_LINE_STATE = 100;

const STATUS: Record<StepTraceReport['status'], string> = {
  ok: 'ok',
  approved: 'approved',
  failed: '✗ failed',
  not_reached: 'not reached',
};

/** A JSON value with its keys sorted, as the core writes values in messages (`{"a": 1, "b": [2, 3]}`). */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sorted((value as Record<string, unknown>)[key])]));
  }
  return value;
}

/** A value on one line, as the core's messages and `scenario trace` show it: sorted keys, `, ` and `: ` between. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  const text = JSON.stringify(sorted(value));
  // JSON.stringify writes no spaces; put them where Python's json.dumps(separators=(", ", ": ")) does, outside strings.
  let shown = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    shown += c;
    if (inString) {
      if (c === '\\') shown += text[++i];
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === ',' || c === ':') shown += ' ';
  }
  return shown;
}

/** One change as `scenario trace` prints it. */
export function changeLine(change: ChangeReport): string {
  const before = 'before' in change;
  const after = 'after' in change;
  if (before && after) return `${change.path}: ${showValue(change.before)} → ${showValue(change.after)}`;
  if (after) return `${change.path}: + ${showValue(change.after)}`;
  return `${change.path}: - ${showValue(change.before)}`;
}

function callOutcome(call: CallTraceReport): string {
  if (call.error !== null) return `no result: ${call.error}`;
  return call.success ? '✓ succeeded' : '✗ failed';
}

function stepWhat(step: StepTraceReport): string {
  const kind = step.operation ? `${step.kind} ${step.operation}` : step.kind;
  return `step ${step.id} · ${kind} · ${STATUS[step.status]}`;
}

class Writer {
  readonly lines: string[] = [];
  readonly links: TraceLink[] = [];

  constructor(private readonly display: (path: string | null) => string) {}

  line(text = ''): void {
    this.lines.push(text);
  }

  /** `prefix`, then each place (`label path:line`), linked, separated by commas; nothing when there is no place. */
  places(prefix: string, places: Array<[string, PlaceReport | null]>): void {
    let line = prefix;
    let first = true;
    for (const [label, place] of places) {
      if (place === null) continue;
      const words = `${this.display(place.path)}:${place.line}`;
      line += `${first ? '' : ', '}${label}`;
      this.links.push({ line: this.lines.length, start: line.length, end: line.length + words.length, path: place.path, targetLine: place.line });
      line += words;
      first = false;
    }
    if (!first) this.lines.push(line);
  }

  state(label: string, value: unknown): void {
    const oneLine = showValue(value);
    if (oneLine.length <= ONE_LINE_STATE) {
      this.line(`    ${label}  ${oneLine}`);
      return;
    }
    this.line(`    ${label}`);
    for (const text of JSON.stringify(sorted(value), null, 2).split('\n')) this.line(`      ${text}`);
  }
}

/** The text of a trace; `options.states` shows each step's state before and after it. */
export function traceText(report: ScenarioTraceReport, options: TraceTextOptions): TraceText {
  const out = new Writer(options.display);
  out.line(`Trace of scenario '${report.scenario}' in ${options.display(report.path)}`);
  out.line('Each call runs again from the scenario\'s initial_state; runs are deterministic, so this is every run.');
  if (report.calls.length === 0) {
    out.line();
    out.line('No call of this scenario matches (the file changed since the trace was asked for?).');
  }
  for (const call of report.calls) {
    out.line();
    out.places(`call ${call.index + 1} · ${call.mission} · ${callOutcome(call)} · `, [['', { path: report.path, line: call.line }]]);
    if (call.steps.length === 0 && call.error === null) out.line('  (no steps)');
    for (const step of call.steps) {
      out.line();
      out.line(`  ${stepWhat(step)}`);
      out.places('    at      ', [
        ['', step.defined_at],
        ['def ', step.operation_at],
      ]);
      if (step.error !== null) out.line(`    error   ${step.error}`);
      if (step.status === 'not_reached') continue;
      // The diff first, right under the step; the whole states after it, for reference.
      if (step.changes.length === 0) {
        out.line('    diff    none');
      } else {
        step.changes.forEach((change, index) => out.line(`    ${index === 0 ? 'diff  ' : '      '}  ${changeLine(change)}`));
      }
      if (options.states && 'state_before' in step) {
        out.state('before', step.state_before);
        if (step.changes.length === 0) out.line('    after   unchanged');
        else out.state('after ', step.state_after);
      }
    }
  }
  return { lines: out.lines, links: out.links };
}
