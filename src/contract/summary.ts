import { describeFinding, type Finding } from './check';
import { exitCodeOf, type CheckOutcome, type CheckResult, type ContractReport } from './run';

const MARK: Record<CheckOutcome, string> = { passed: 'PASS', warnings: 'WARN', breaking: 'FAIL', skipped: 'SKIP', unreachable: 'DOWN' };
/** Findings shown per check: the summary stays one screen; `--json` and `--junit` have them all. */
const SHOWN_PER_CHECK = 4;

/** A one-screen summary for people: one line per check, its findings beneath it (breaking first), and the verdict. */
export function summarize(reports: readonly ContractReport[]): string {
  const out: string[] = [];
  for (const report of reports) {
    out.push(`${report.connection} (${report.adapter}) at ${report.baseUrl}`);
    const width = Math.max(...report.results.map((result) => result.name.length));
    for (const result of report.results) out.push(...checkLines(result, width));
  }
  out.push('', verdict(reports));
  return `${out.join('\n')}\n`;
}

function checkLines(result: CheckResult, width: number): string[] {
  const status = result.status === undefined ? '   ' : String(result.status);
  const note = result.note ? `  ${result.note}` : '';
  const findings = [...result.findings].sort((a, b) => Number(a.severity === 'warning') - Number(b.severity === 'warning'));
  const shown = findings.slice(0, SHOWN_PER_CHECK).map((finding) => `         ${label(finding)} ${describeFinding(finding)}`);
  if (findings.length > SHOWN_PER_CHECK) shown.push(`         ... and ${findings.length - SHOWN_PER_CHECK} more (see --json or --junit)`);
  return [`  ${MARK[result.outcome]}  ${result.name.padEnd(width)}  ${status}${note}`, ...shown];
}

function label(finding: Finding): string {
  if (finding.kind === 'auth-refused') return 'AUTH    ';
  return finding.severity === 'breaking' ? 'BREAKING' : 'warning ';
}

function verdict(reports: readonly ContractReport[]): string {
  const results = reports.flatMap((report) => report.results);
  const findings = results.flatMap((result) => result.findings);
  const breaking = findings.filter((finding) => finding.severity === 'breaking').length;
  const warnings = findings.length - breaking;
  const unreachable = results.filter((result) => result.outcome === 'unreachable').length;
  const skipped = results.filter((result) => result.outcome === 'skipped').length;
  const tally = `${results.length} checks: ${breaking} breaking, ${warnings} warnings, ${skipped} skipped, ${unreachable} unreachable`;
  const code = exitCodeOf(reports);
  if (unreachable) return `PROVIDER UNREACHABLE (${tally}): exit ${code}`;
  if (breaking) return `BREAKING DRIFT (${tally}): exit ${code}`;
  if (warnings) return `ADDITIVE DRIFT ONLY (${tally}): exit ${code}`;
  return `NO DRIFT (${tally}): exit ${code}`;
}
