import type { Figure, ScenarioResult } from './figures';
import type { Machine } from './machine';

export interface BenchResults {
  profile: string;
  startedAt: string;
  durationSeconds: number;
  machine: Machine;
  figures: Figure[];
  /** Failed requests over the whole run; a run with any is not to be trusted. */
  failures: number;
  scenarios: Record<string, ScenarioResult>;
}

export function markdownTable(figures: readonly Figure[]): string {
  const rows = figures.map((one) => `| ${one.figure} | ${one.sideBySide} | **${one.result} ${one.unit}** | ${targetText(one)} | ${one.met ? 'yes' : 'no'} |`);
  return ['| Figure | Side by side, same run | Result | Target | Met |', '|---|---|---|---|---|', ...rows].join('\n');
}

export function markdownReport(results: BenchResults): string {
  const { machine } = results;
  return [
    '# usergate benchmark results',
    '',
    `${results.startedAt}, profile \`${results.profile}\`, ${results.durationSeconds} s; ${results.failures} failed requests.`,
    `Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.kernel}; ` +
      `load average ${machine.loadAverageAtStart} when the run started.`,
    '',
    markdownTable(results.figures),
    '',
    ...clientCostTable(results.scenarios.upstreamClients),
  ].join('\n');
}

/** Not a target: what the upstream HTTP client alone costs per call, axios against the alternatives. */
function clientCostTable(scenario: ScenarioResult | undefined): string[] {
  const costs = scenario?.details.cpuMicrosecondsPerCall as Record<string, number> | undefined;
  if (!costs) return [];
  return [
    'Upstream HTTP client, CPU per call (same simulator, same keep-alive pool size):',
    '',
    `| ${Object.keys(costs).join(' | ')} |`,
    `|${Object.keys(costs)
      .map(() => '---')
      .join('|')}|`,
    `| ${Object.values(costs)
      .map((micros) => `${micros} µs`)
      .join(' | ')} |`,
    '',
  ];
}

function targetText({ target, unit }: Figure): string {
  if (target.atMost !== undefined) return `≤ ${target.atMost} ${unit}`;
  if (target.atLeast !== undefined) return `≥ ${target.atLeast} ${unit}`;
  return `${target.exactly} ${unit}`;
}
