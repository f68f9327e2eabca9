import { compactJson } from '../../bench/compact-json';
import { addSample, emptySeries, trend } from '../../bench/memory-series';
import { prometheusValue } from '../../bench/processes/metrics';

const MIB = 1024 ** 2;

/** The gauges prom-client's default metrics export, as a gateway's /metrics writes them. */
function metricsText({ heapUsed, oldUsed, youngSize, external }: { heapUsed: number; oldUsed: number; youngSize: number; external: number }): string {
  return [
    '# HELP nodejs_heap_size_used_bytes Process heap size used from Node.js in bytes.',
    '# TYPE nodejs_heap_size_used_bytes gauge',
    `nodejs_heap_size_used_bytes ${heapUsed * MIB}`,
    `nodejs_external_memory_bytes ${external * MIB}`,
    `nodejs_heap_space_size_total_bytes{space="new"} ${youngSize * MIB}`,
    `nodejs_heap_space_size_total_bytes{space="old"} ${(oldUsed + 5) * MIB}`,
    `nodejs_heap_space_size_used_bytes{space="new"} ${(youngSize / 2) * MIB}`,
    `nodejs_heap_space_size_used_bytes{space="old"} ${oldUsed * MIB}`,
  ].join('\n');
}

describe('soak memory series', () => {
  it('when a gateway answers its metrics, then a sample holds its RSS, heap in use, old generation, young generation size and external memory', () => {
    const series = emptySeries();
    addSample(series, { atSecond: 5, rssBytes: 130 * MIB, metrics: metricsText({ heapUsed: 40, oldUsed: 30, youngSize: 16, external: 3 }) });
    expect(series).toEqual({ atSecond: [5], rssMiB: [130], heapUsedMiB: [40], oldUsedMiB: [30], youngSizeMiB: [16], externalMiB: [3] });
  });

  it('when a gateway has gone, then its sample is null in every column, so that the columns still line up', () => {
    const series = emptySeries();
    addSample(series, { atSecond: 10 });
    expect(series).toEqual({ atSecond: [10], rssMiB: [null], heapUsedMiB: [null], oldUsedMiB: [null], youngSizeMiB: [null], externalMiB: [null] });
  });

  it('when a series rises to a ceiling early and holds there, then its second half grows by about nothing', () => {
    const seconds = Array.from({ length: 61 }, (_, index) => index * 5);
    const rss = seconds.map((second) => (second < 60 ? 124 + second * 2 : 244 + (second % 10 === 0 ? 1 : -1)));
    expect(trend(seconds, rss)).toEqual({ start: 124, peak: 245, end: 245, secondHalfMiBPerMinute: expect.closeTo(0, 0) as number });
  });

  it('when a series keeps growing to the end, then its second half grows at that rate', () => {
    const seconds = Array.from({ length: 61 }, (_, index) => index * 5);
    expect(
      trend(
        seconds,
        seconds.map((second) => 100 + second / 2),
      ).secondHalfMiBPerMinute,
    ).toBe(30);
  });

  it('when some samples are unknown, then the trend is read from the others', () => {
    expect(trend([0, 5, 10, 15, 20], [100, null, 110, null, 130])).toEqual({ start: 100, peak: 130, end: 130, secondHalfMiBPerMinute: 120 });
    expect(trend([0, 5], [null, null])).toEqual({ start: null, peak: null, end: null, secondHalfMiBPerMinute: null });
  });
});

describe('Prometheus text', () => {
  it('when a series has labels, then the value is the sum over the samples that carry the ones asked for', () => {
    const text = 'requests_total{route="a",status="200"} 3\nrequests_total{route="b",status="200"} 4\nrequests_total{route="b",status="500"} 1';
    expect(prometheusValue(text, 'requests_total', { status: '200' })).toBe(7);
    expect(prometheusValue(text, 'requests_total')).toBe(8);
  });

  it('when no sample matches, then the value is unknown rather than 0', () => {
    expect(prometheusValue('requests_total 3', 'nodejs_heap_size_used_bytes')).toBeUndefined();
  });
});

describe('compact results JSON', () => {
  it('when a value holds series, then each array of plain values is one line and the rest is indented as usual', () => {
    expect(compactJson({ name: 'soak-a', series: { rssMiB: [124.5, null, 130], labels: ['a', 'b'] }, empty: [], nested: [{ a: 1 }] })).toBe(
      [
        '{',
        '  "name": "soak-a",',
        '  "series": {',
        '    "rssMiB": [124.5, null, 130],',
        '    "labels": ["a", "b"]',
        '  },',
        '  "empty": [],',
        '  "nested": [',
        '    {',
        '      "a": 1',
        '    }',
        '  ]',
        '}',
      ].join('\n'),
    );
  });

  it('when the compact text is parsed, then it is the same value', () => {
    const value = { statuses: { read: { '200': 4147 } }, series: [1, 2, 3], names: ['x, y', 'z'] };
    expect(JSON.parse(compactJson(value))).toEqual(value);
  });
});
