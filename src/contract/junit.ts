import { describeFinding, type Finding } from './check';
import type { CheckResult, ContractReport } from './run';

/**
 * The reports as JUnit XML, the dialect Jenkins, GitLab, GitHub Actions reporters and CircleCI
 * all render: one `<testsuite>` per connection, one `<testcase>` per check. Breaking drift is a
 * `<failure>`, an unreachable provider an `<error>`, a check that could not run `<skipped>`, and
 * warnings go to `<system-out>` (shown, never failing).
 */
export function toJUnitXml(reports: readonly ContractReport[]): string {
  const results = reports.flatMap((report) => report.results);
  const totals = counts(results);
  const suites = reports.map((report) => {
    const suite = counts(report.results);
    const attributes = attributesOf({
      name: `usergate contract: ${report.connection} (${report.adapter})`,
      tests: report.results.length,
      failures: suite.failures,
      errors: suite.errors,
      skipped: suite.skipped,
      time: seconds(report.durationMs),
      timestamp: report.startedAt.replace(/\.\d+Z$/, ''),
    });
    const properties = `    <properties>\n      <property name="baseUrl" value="${escape(report.baseUrl)}"/>\n    </properties>\n`;
    return `  <testsuite ${attributes}>\n${properties}${report.results.map((result) => testCase(report.connection, result)).join('')}  </testsuite>\n`;
  });
  const root = attributesOf({ name: 'usergate contract', tests: results.length, failures: totals.failures, errors: totals.errors, skipped: totals.skipped });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ${root}>\n${suites.join('')}</testsuites>\n`;
}

function testCase(connection: string, result: CheckResult): string {
  const attributes = attributesOf({ classname: `usergate.contract.${connection}`, name: result.name, time: seconds(result.durationMs) });
  const breaking = result.findings.filter((finding) => finding.severity === 'breaking');
  const warnings = result.findings.filter((finding) => finding.severity === 'warning');
  const children: string[] = [];
  if (result.outcome === 'skipped') children.push(`<skipped message="${escape(result.note ?? '')}"/>`);
  if (result.outcome === 'unreachable') children.push(`<error type="unreachable" message="${escape(result.note ?? 'the provider could not be reached')}"/>`);
  const [firstBreaking] = breaking;
  if (firstBreaking) {
    const type = breaking.some((finding) => finding.kind === 'auth-refused') ? 'auth refused' : 'breaking drift';
    children.push(`<failure type="${type}" message="${escape(headline(firstBreaking, breaking.length))}">${escape(lines(breaking))}</failure>`);
  }
  if (warnings.length) children.push(`<system-out>${escape(`Warnings (additive drift):\n${lines(warnings)}`)}</system-out>`);
  if (!children.length) return `    <testcase ${attributes}/>\n`;
  return `    <testcase ${attributes}>\n${children.map((child) => `      ${child}\n`).join('')}    </testcase>\n`;
}

function counts(results: readonly CheckResult[]) {
  return {
    failures: results.filter((result) => result.outcome === 'breaking').length,
    errors: results.filter((result) => result.outcome === 'unreachable').length,
    skipped: results.filter((result) => result.outcome === 'skipped').length,
  };
}

function headline(first: Finding, count: number): string {
  return `${count} breaking: ${describeFinding(first)}${count > 1 ? ', ...' : ''}`;
}

function lines(findings: Finding[]): string {
  return findings.map((finding) => `${finding.severity} ${finding.kind}: ${describeFinding(finding)}`).join('\n');
}

function attributesOf(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([name, value]) => `${name}="${escape(String(value))}"`)
    .join(' ');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** Text safe in XML content and attribute values; characters XML 1.0 cannot hold are dropped. */
function escape(text: string): string {
  return text
    .replace(/[^\t\n\r\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
