/**
 * The sum of one of the gateway's Prometheus series (`/metrics` at its metrics listener) over the samples whose labels
 * include all of `labels`: the gateway's own account of what it did.
 */
export async function gatewayMetric(origin: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  return prometheusValue(await (await fetch(`${origin}/metrics`)).text(), name, labels) ?? 0;
}

/** The sum of one series in Prometheus text over the samples whose labels include all of `labels`; `undefined` when none does. */
export function prometheusValue(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([label, value]) => `${label}="${value}"`);
  let sum: number | undefined;
  for (const line of text.split('\n')) {
    const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match?.[1] === name && wanted.every((pair) => (match[2] ?? '').split(',').includes(pair))) sum = (sum ?? 0) + Number(match[3]);
  }
  return sum;
}
