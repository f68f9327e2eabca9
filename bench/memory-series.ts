import { prometheusValue } from './processes/metrics';

/**
 * One gateway's memory along a run, sampled every few seconds and kept as columns (one array per
 * figure, one entry per sample) so that the results stay small. A figure that could not be read
 * (the process gone, its metrics listener slow) is `null`, not left out, so that the columns line up.
 */
export interface MemorySeries {
  /** Seconds since the load began. */
  atSecond: number[];
  /** Resident set size as the kernel counts it (/proc), MiB. */
  rssMiB: (number | null)[];
  /** V8 heap in use, every space (the gateway's own /metrics), MiB. */
  heapUsedMiB: (number | null)[];
  /** What survived to the old generation: the part of the heap a leak keeps growing, MiB. */
  oldUsedMiB: (number | null)[];
  /** The young generation's size (not its use): it grows under load up to a ceiling, then holds, MiB. */
  youngSizeMiB: (number | null)[];
  /** Memory outside the V8 heap that V8 accounts for (buffers, sockets' data), MiB. */
  externalMiB: (number | null)[];
}

export interface MemorySample {
  atSecond: number;
  rssBytes?: number;
  /** The gateway's Prometheus text, when its metrics listener answered. */
  metrics?: string;
}

export function emptySeries(): MemorySeries {
  return { atSecond: [], rssMiB: [], heapUsedMiB: [], oldUsedMiB: [], youngSizeMiB: [], externalMiB: [] };
}

export function addSample(series: MemorySeries, { atSecond, rssBytes, metrics }: MemorySample): void {
  const fromMetrics = (name: string, labels: Record<string, string> = {}) => (metrics === undefined ? undefined : prometheusValue(metrics, name, labels));
  series.atSecond.push(atSecond);
  series.rssMiB.push(mib(rssBytes));
  series.heapUsedMiB.push(mib(fromMetrics('nodejs_heap_size_used_bytes')));
  series.oldUsedMiB.push(mib(fromMetrics('nodejs_heap_space_size_used_bytes', { space: 'old' })));
  series.youngSizeMiB.push(mib(fromMetrics('nodejs_heap_space_size_total_bytes', { space: 'new' })));
  series.externalMiB.push(mib(fromMetrics('nodejs_external_memory_bytes')));
}

export interface Trend {
  start: number | null;
  peak: number | null;
  end: number | null;
  /**
   * Growth over the second half of the run, MiB a minute (least squares): near 0 when the figure
   * rose to a ceiling early and held there, clearly above 0 while something keeps growing. Read it
   * on the old generation: V8 also shrinks the young generation and lets it grow back, which moves
   * RSS by a hundred MiB either way with nothing leaking.
   */
  secondHalfMiBPerMinute: number | null;
}

/** Start, peak and end of one column, and how it moved once the run had warmed up. */
export function trend(atSecond: readonly number[], values: readonly (number | null)[]): Trend {
  const known = atSecond.flatMap((second, index) => {
    const value = values[index];
    return value === null || value === undefined ? [] : [{ second, value }];
  });
  const first = known[0];
  const last = known.at(-1);
  if (first === undefined || last === undefined) return { start: null, peak: null, end: null, secondHalfMiBPerMinute: null };
  const secondHalf = known.filter(({ second }) => second >= last.second / 2);
  return {
    start: first.value,
    peak: Math.max(...known.map(({ value }) => value)),
    end: last.value,
    secondHalfMiBPerMinute: secondHalf.length < 2 ? null : round(slope(secondHalf) * 60),
  };
}

function slope(points: readonly { second: number; value: number }[]): number {
  const meanSecond = points.reduce((sum, { second }) => sum + second, 0) / points.length;
  const meanValue = points.reduce((sum, { value }) => sum + value, 0) / points.length;
  let covariance = 0;
  let variance = 0;
  for (const { second, value } of points) {
    covariance += (second - meanSecond) * (value - meanValue);
    variance += (second - meanSecond) ** 2;
  }
  return variance === 0 ? 0 : covariance / variance;
}

function mib(bytes: number | undefined): number | null {
  return bytes === undefined || !Number.isFinite(bytes) ? null : round(bytes / 1024 ** 2);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
