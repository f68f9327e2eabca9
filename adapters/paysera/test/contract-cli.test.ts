import { readFileSync } from 'node:fs';
import { DOMParser } from '@xmldom/xmldom';
import type { RunningSimulator } from '../../../src/connections/adapter';
import type { ResponseTransform } from '../../../src/simulator/transforms';
import { runCli } from '../../../test/support/cli-process';
import { configFor, contractJson, findingsOf, scratchFile } from '../../../test/support/contract-cli';
import { paysera } from '..';

describe('usergate contract against a drifted Paysera simulator', () => {
  let simulator: RunningSimulator;
  let config: string;
  beforeAll(async () => {
    simulator = await paysera.startSimulator();
    config = configFor('paysera', [simulator]);
  });
  afterAll(() => simulator.close());
  const drift = (...transforms: ResponseTransform[]) => simulator.faults.set({ transforms });

  it('when a required field is renamed, then the old name is breaking (missing), the new one a warning, and it exits 1', async () => {
    drift({ op: 'rename', path: 'id', to: 'user_id' });
    const { status, reports } = await contractJson(['paysera', '--config', config]);
    expect(findingsOf(reports, 'GET /user/{id}')).toEqual([
      expect.objectContaining({ kind: 'missing-field', severity: 'breaking', path: 'id' }),
      expect.objectContaining({ kind: 'new-field', severity: 'warning', path: 'user_id' }),
    ]);
    expect(status).toBe(1);
  });

  it('when a field the known user has is renamed, then it is breaking though the schema calls it optional', async () => {
    drift({ op: 'rename', path: 'email', to: 'email_address' });
    const { status, reports } = await contractJson(['paysera', '--config', config]);
    expect(findingsOf(reports, 'GET /user/{id}')).toContainEqual(expect.objectContaining({ kind: 'missing-field', severity: 'breaking', path: 'email' }));
    expect(status).toBe(1);
  });

  it('when a field changes type, then it is breaking and it exits 1', async () => {
    drift({ op: 'retype', path: 'dob', to: 'number' });
    const { status, reports } = await contractJson(['paysera', '--config', config]);
    expect(findingsOf(reports, 'GET /user/{id}')).toEqual([
      { kind: 'type-changed', severity: 'breaking', path: 'dob', message: 'documented as a string, now number' },
    ]);
    expect(status).toBe(1);
  });

  it('when an enum gains a value the adapter maps to null, then it is breaking and it exits 1', async () => {
    drift({ op: 'set', path: 'identification_level', value: 'super_identified' });
    const { status, reports } = await contractJson(['paysera', '--config', config]);
    expect(findingsOf(reports, 'GET /user/{id}')).toEqual([
      expect.objectContaining({ kind: 'enum-value', severity: 'breaking', path: 'identification_level' }),
    ]);
    expect(status).toBe(1);
  });

  it('when an enum gains a value the adapter passes through, then it is a warning and it exits 0', async () => {
    drift({ op: 'set', path: 'calculated_level', value: 'super_identified' });
    const { status, reports } = await contractJson(['paysera', '--config', config]);
    expect(findingsOf(reports, 'GET /user/{id}')).toEqual([expect.objectContaining({ kind: 'enum-value', severity: 'warning', path: 'calculated_level' })]);
    expect(status).toBe(0);
  });

  it('when a new field appears, then the summary prints a warning and it exits 0', async () => {
    drift({ op: 'set', path: 'identity.middle_name', value: 'Marija' });
    const result = await runCli(['contract', 'paysera', '--config', config]);
    expect(result.stdout).toMatch(/WARN {2}GET \/user\/\{id\} .*\n\s+warning +identity\.middle_name: not documented: a new field \(additive\)/);
    expect(result.stdout).toContain('ADDITIVE DRIFT ONLY');
    expect(result.status).toBe(0);
  });

  it('when the error body changes shape, then it is breaking error-shape drift and it exits 1', async () => {
    drift({ op: 'rename', path: 'error', to: 'code' });
    const { status, reports } = await contractJson(['paysera', '--config', config]);
    expect(findingsOf(reports, 'GET /user/{id} (unknown)')).toContainEqual(
      expect.objectContaining({ kind: 'error-shape', severity: 'breaking', path: 'error', message: 'error body: a required field is missing' }),
    );
    expect(status).toBe(1);
  });

  it('when asked for JUnit XML, then it writes a well-formed report with one failure per drifted check', async () => {
    drift({ op: 'retype', path: 'dob', to: 'number' });
    const junit = scratchFile('report.xml');
    await runCli(['contract', 'paysera', '--config', config, '--junit', junit]);
    const errors: string[] = [];
    const xml = new DOMParser({ onError: (level, message) => errors.push(`${level}: ${message}`) }).parseFromString(readFileSync(junit, 'utf8'), 'text/xml');
    expect(errors).toEqual([]);
    const suite = xml.getElementsByTagName('testsuite')[0]!;
    expect({ tests: suite.getAttribute('tests'), failures: suite.getAttribute('failures') }).toEqual({ tests: '11', failures: '1' });
    expect(xml.getElementsByTagName('failure')[0]!.getAttribute('message')).toContain('dob: documented as a string, now number');
  });
});
