/**
 * The Test Coverage model, built from the server's CoverageReport: per file,
 * its counts, the lines it shows covered or not (with the times a YAML step
 * ran), and the same for the scenarios of one test item (the per-test
 * drill-down). Pure: no `vscode` import; testExplorer.ts turns these into
 * FileCoverage, StatementCoverage and DeclarationCoverage.
 */
import type { CoverageReport, CoveredFile } from './contract';

export interface Count {
  covered: number;
  total: number;
}

export interface FileCounts {
  statements: Count;
  /** A YAML file's missions; undefined for a Python file. */
  declarations?: Count;
}

export interface ShownLine {
  /** Zero-based. */
  line: number;
  /** The times a YAML step ran; whether a Python line ran (coverage.py does not count). */
  executed: number | boolean;
}

export interface ShownDeclaration {
  name: string;
  line: number;
  executed: number | boolean;
}

export interface FileDetails {
  lines: ShownLine[];
  declarations: ShownDeclaration[];
}

function count<T>(items: readonly T[], covered: (item: T) => boolean): Count {
  return { covered: items.filter(covered).length, total: items.length };
}

export function fileCounts(file: CoveredFile): FileCounts {
  const statements = count(file.lines, (line) => line.count > 0);
  return file.kind === 'yaml' ? { statements, declarations: count(file.missions, (m) => m.count > 0) } : { statements };
}

function shown(file: CoveredFile, count: number): number | boolean {
  return file.kind === 'yaml' ? count : count > 0;
}

/** Every line and mission of the file, as the whole run covered it. */
export function fileDetails(file: CoveredFile): FileDetails {
  return {
    lines: file.lines.map((line) => ({ line: line.line, executed: shown(file, line.count) })),
    declarations: file.missions.map((mission) => ({ name: mission.name, line: mission.line, executed: shown(file, mission.count) })),
  };
}

/**
 * The lines and missions of the file that the scenarios `picked` (indexes
 * into the report's scenarios) ran. The report says which scenarios ran a
 * line, not how often each did: a line is shown as run, without a count.
 */
export function testDetails(file: CoveredFile, picked: ReadonlySet<number>): FileDetails {
  const ran = file.lines.filter((line) => line.scenarios.some((index) => picked.has(index)));
  const missionOf = (line: number): string | undefined =>
    [...file.missions].sort((a, b) => b.line - a.line).find((mission) => mission.line < line)?.name;
  const missions = new Set(ran.map((line) => missionOf(line.line)).filter((name): name is string => name !== undefined));
  return {
    lines: ran.map((line) => ({ line: line.line, executed: true })),
    declarations: file.missions.filter((m) => missions.has(m.name)).map((m) => ({ name: m.name, line: m.line, executed: true })),
  };
}

/** The scenarios of the report that ran some line of the file. */
export function scenariosIn(file: CoveredFile): Set<number> {
  return new Set(file.lines.flatMap((line) => line.scenarios));
}

/**
 * The scenarios of a test item: the one it names in the scenario file `uri`,
 * or every scenario of that file for a suite (`scenario` undefined).
 * `same(a, b)` compares two URIs as the editor does.
 */
export function scenariosOf(
  report: CoverageReport,
  uri: string,
  scenario: string | undefined,
  same: (a: string, b: string) => boolean = (a, b) => a === b,
): Set<number> {
  const picked = new Set<number>();
  report.scenarios.forEach((covered, index) => {
    if (same(covered.uri, uri) && (scenario === undefined || covered.scenario === scenario)) picked.add(index);
  });
  return picked;
}
