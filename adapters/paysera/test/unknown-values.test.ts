import { paysera } from '..';
import { startHarness, type Harness } from '../../../test/support/harness';

/**
 * A provider field the mapping does not know a value of becomes null and is logged once. The
 * provider's value may be anything (a name and a date of birth typed into the wrong field), so the
 * log names the field, the kind of value and a short keyed hash of it, never the value.
 */
describe('unknown provider values in the service log', () => {
  const VALUE = 'Eve Example 1990-01-01';
  let harness: Harness;
  let lines: Record<string, unknown>[];
  beforeAll(async () => {
    harness = await startHarness({ connections: [{ adapter: paysera }] });
    harness.simulators.paysera!.faults.set({ transforms: [{ op: 'set', path: 'gender', value: VALUE }] });
    const response = await harness.http.get('/v1/users/paysera:1001').set('Authorization', harness.bearer());
    expect(response.body.gender).toBeNull();
    lines = harness.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.message === 'unknown provider value mapped to null');
  });
  afterAll(() => harness.close());

  it('when a value is unknown, then the log names its field and kind with a short hash', () => {
    expect(lines).toEqual([expect.objectContaining({ field: 'gender', kind: 'string', hash: expect.stringMatching(/^[\w-]{8,16}$/) })]);
  });

  it('when the log is read, then no part of the value is in it', () => {
    const text = harness.logs.join('\n');
    for (const part of VALUE.split(' ')) expect(text).not.toContain(part);
  });
});
