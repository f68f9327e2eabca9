/**
 * The sum of one of the gateway's Prometheus series (`/metrics` at its metrics listener) over the samples whose labels
 * include all of `labels`: the gateway's own account of what it did.
 */
export async function gatewayMetric(origin: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${origin}/metrics`)).text();
  const wanted = Object.entries(labels).map(([label, value]) => `${label}="${value}"`);
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match?.[1] === name && wanted.every((pair) => (match[2] ?? '').split(',').includes(pair))) sum += Number(match[3]);
  }
  return sum;
}
