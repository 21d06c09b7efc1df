/**
 * The status-bar item's text: the counts of the last run. Pure: no `vscode`
 * import; `$(name)` are VS Code codicons.
 */
import type { RunSummary } from './contract';

export interface StatusText {
  text: string;
  tooltip: string;
}

export const IDLE_STATUS: StatusText = {
  text: '$(beaker) Scenario',
  tooltip: 'Scenario Harness: no run yet. Click to run the suite.',
};

export const RUNNING_STATUS: StatusText = {
  text: '$(sync~spin) Scenario',
  tooltip: 'Scenario Harness: running…',
};

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * `$(pass) 3 passed` when everything passed; otherwise
 * `$(error) 2 passed, 1 failed` with `, 1 snapshot failed` when snapshots
 * changed or are missing and `, 1 invalid` when files had input errors.
 */
export function statusText(summary: RunSummary): StatusText {
  const invalid = summary.invalid ?? 0;
  const snapshots = summary.snapshots_failed ?? 0;
  const clean = summary.failed === 0 && invalid === 0 && snapshots === 0;
  const parts = [`${summary.passed} passed`];
  if (!clean) parts.push(`${summary.failed} failed`);
  if (snapshots > 0) parts.push(`${plural(snapshots, 'snapshot')} failed`);
  if (invalid > 0) parts.push(`${invalid} invalid`);
  const icon = clean ? '$(pass)' : '$(error)';
  const where =
    summary.files.length === 1
      ? `suite ${summary.files[0].suite ?? summary.files[0].uri}`
      : plural(summary.files.length, 'file');
  const counts = `${plural(summary.passed, 'expectation')} passed, ${summary.failed} failed` +
    (snapshots > 0 ? `; ${plural(snapshots, 'snapshot')} changed or missing` : '') +
    (invalid > 0 ? `; ${plural(invalid, 'file')} with input errors` : '');
  return {
    text: `${icon} ${parts.join(', ')}`,
    tooltip: `Scenario Harness, last run (${where}): ${counts}. Click to run the suite.`,
  };
}
