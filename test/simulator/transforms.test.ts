import express from 'express';
import { FaultController } from '../../src/simulator/faults';
import { serveSimulator, type ServingSimulator } from '../../src/simulator/serve';
import { transformBody } from '../../src/simulator/transforms';

const user = { id: 1001, email: 'a@example.com', details: { level: 'full' } };

describe('response transforms (a simulator playing a drifted API)', () => {
  it('when a field is renamed, then its value moves to the new name', () => {
    expect(transformBody(user, [{ op: 'rename', path: 'email', to: 'emailAddress' }])).toEqual({
      id: 1001,
      emailAddress: 'a@example.com',
      details: { level: 'full' },
    });
  });

  it('when a field is retyped, then it keeps its value in the other JSON type', () => {
    expect(transformBody(user, [{ op: 'retype', path: 'id', to: 'string' }])).toMatchObject({ id: '1001' });
  });

  it('when a nested field is set, then it changes (a new enum value) or appears (a new field)', () => {
    const drifted = transformBody(user, [
      { op: 'set', path: 'details.level', value: 'super' },
      { op: 'set', path: 'details.nickname', value: 'E' },
    ]);
    expect(drifted).toMatchObject({ details: { level: 'super', nickname: 'E' } });
  });

  it('when a path runs through lists, then every item changes', () => {
    const drifted = transformBody({ Records: [{ Email: 'a' }, { Email: 'b' }] }, [{ op: 'remove', path: 'Records.Email' }]);
    expect(drifted).toEqual({ Records: [{}, {}] });
  });

  it('when the answer has no such path, then it is left as it was', () => {
    expect(
      transformBody({ error: 'not_found' }, [
        { op: 'rename', path: 'email', to: 'mail' },
        { op: 'set', path: 'a.b', value: 1 },
      ]),
    ).toEqual({ error: 'not_found' });
  });

  it('when a transform is malformed, then the fault knobs refuse it', () => {
    expect(() => new FaultController().set({ transforms: [{ op: 'rename', path: 'email' } as never] })).toThrow(/invalid fault settings/);
  });

  describe('on a served simulator', () => {
    let simulator: ServingSimulator;
    beforeAll(async () => {
      const app = express();
      app.get('/user', (_req, res) => {
        res.json(user);
      });
      simulator = await serveSimulator(app);
    });
    afterAll(() => simulator.close());

    it('when transforms are set, then the JSON answers come back drifted', async () => {
      simulator.faults.set({ transforms: [{ op: 'rename', path: 'email', to: 'mail' }] });
      const body = await (await fetch(`${simulator.origin}/user`)).json();
      expect(body).toEqual({ id: 1001, mail: 'a@example.com', details: { level: 'full' } });
    });
  });
});
