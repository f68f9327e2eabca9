import express from 'express';
import request from 'supertest';
import { fieldsDisclosedBy } from '../../src/audit/audit-log';
import type { CanonicalUser } from '../../src/canonical/user';
import { sendJson } from '../../src/http/json-answer';

/** A user as the client saw it, every personal field empty but those given. */
const userWith = (fields: Record<string, unknown>): Record<string, unknown> => ({
  ...Object.fromEntries(['email', 'phone', 'name', 'dateOfBirth', 'gender', 'nationality', 'nationalId', 'address', 'avatarUrl'].map((field) => [field, null])),
  ...fields,
});

/** A cached user is one frozen object shared by every hit: what is worked out of it is worked out once. */
describe('what a cached user answers with', () => {
  const appAnswering = (body: () => unknown) => express().get('/', (_req, res) => sendJson(res, body()));

  it('when the same frozen body is answered twice, then its JSON is written once and both answers carry it', async () => {
    const body = Object.freeze({ id: 'conn:1', name: Object.freeze({ full: 'Eglė Jankauskienė' }) });
    const length = String(Buffer.byteLength(JSON.stringify(body)));
    const stringify = jest.spyOn(JSON, 'stringify');
    try {
      const app = appAnswering(() => body);
      const answers = [await request(app).get('/'), await request(app).get('/')];
      expect(answers.map((answer) => answer.body as unknown)).toEqual([body, body]);
      expect(answers.map((answer) => answer.headers['content-length'])).toEqual([length, length]);
      expect(stringify.mock.calls.filter(([value]) => value === body)).toHaveLength(1);
    } finally {
      stringify.mockRestore();
    }
  });

  it('when a body that is not frozen changes between answers, then each answer shows it as it is', async () => {
    const body: Record<string, unknown> = { id: 'conn:1' };
    const app = appAnswering(() => body);
    await request(app).get('/').expect(200, { id: 'conn:1' });
    body.id = 'conn:2';
    await request(app).get('/').expect(200, { id: 'conn:2' });
  });

  it('when a body that is not frozen holds a name beyond Latin-1, then its UTF-8 bytes go out whole, measured as bytes', async () => {
    const body = { id: 'conn:1', name: { full: 'Eglė Jankauskienė' } };
    const answer = await request(appAnswering(() => body)).get('/');
    expect(answer.body).toEqual(body);
    expect(answer.headers['content-length']).toBe(String(Buffer.byteLength(JSON.stringify(body))));
  });

  it('when the disclosed fields of a frozen user are asked twice, then the same list answers, as they were', () => {
    const user = Object.freeze(
      userWith({ email: 'a@example.com', name: Object.freeze({ given: null, family: null, full: null }) }),
    ) as unknown as CanonicalUser;
    const first = fieldsDisclosedBy(user);
    expect(first).toEqual(['email']);
    expect(fieldsDisclosedBy(user)).toBe(first);
  });

  it('when a user that is not frozen changes, then its disclosed fields follow', () => {
    const user = userWith({ email: 'a@example.com' });
    expect(fieldsDisclosedBy(user as unknown as CanonicalUser)).toEqual(['email']);
    user.phone = '+37060012345';
    expect(fieldsDisclosedBy(user as unknown as CanonicalUser)).toEqual(['email', 'phone']);
  });
});
