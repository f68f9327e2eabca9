import fc from 'fast-check';
import { recordFromRow, storedConnectionSchema, type ConnectionRow } from '../../src/connections/store/rows';

/** A row as both backends hand it to `recordFromRow`: JSON columns parsed, booleans and integers in JS types. */
const validRow: ConnectionRow = {
  tenant: 'acme',
  name: 'shop-1',
  id: '1b4e28ba-2fa1-4d2b-883f-0016d3cca427',
  adapter: 'acme',
  base_url: 'https://api.example.test/v1',
  options: { region: 'EU' },
  timeouts: { attemptMs: 2_000, totalMs: 5_000 },
  enabled: true,
  sealed_credentials: 'v1.k1.iv.data.tag',
  credentials_fingerprint: 'fp',
  credentials_updated_at: '2026-12-07T03:02:04.123Z',
  revision: 3,
  credentials_rejected_at: null,
  last_verified_at: '2026-12-07T03:02:04+01:00',
  last_error: { code: 'credentials_rejected', status: 401, at: '2026-12-07T03:02:04Z' },
  created_at: '2026-12-07T03:02:04Z',
  updated_at: '2026-12-07T03:02:04Z',
  version: 17,
  deleted: false,
};

const columns = Object.keys(validRow) as (keyof ConnectionRow)[];

/** Values that are almost right for some column: the edges of each rule, and other types. */
const nearMiss = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom<unknown>('', 'x'.repeat(1_001), 'x'.repeat(1_000), '2026-12-07', '2026-12-07T03:02:04', '2026-12-07T03:02:04.1234567890Z'),
  fc.constantFrom<unknown>(0, -1, 1, 1.5, -0, Number.MAX_SAFE_INTEGER + 1, Number.NaN, Number.POSITIVE_INFINITY, 1, 0, true, undefined, null),
  fc.constantFrom<unknown>([], {}, { attemptMs: 0 }, { attemptMs: 1 }, { totalMs: 1.5 }, { other: 1 }, { code: '', at: '2026-12-07T03:02:04Z' }),
  fc.constantFrom<unknown>({ code: 'x', at: '2026-12-07T03:02:04Z' }, { code: 'x', status: 1.5, at: '2026-12-07T03:02:04Z' }, { code: 'x', at: 'then' }),
  fc.constantFrom<unknown>({ code: 'x', status: 500, at: '2026-12-07T03:02:04Z', more: 1 }, Object.create(null), new Date(0), JSON.parse('{"__proto__": 1}')),
);

describe('reading a stored row', () => {
  it('when a row is well formed, then its record is read as stored', () => {
    const read = recordFromRow(validRow);
    expect(read).toEqual({ record: expect.objectContaining({ tenant: 'acme', baseUrl: validRow.base_url, lastError: validRow.last_error, version: 17 }) });
  });

  it('when any columns hold anything, then a row is read exactly when the schema accepts it, and a refused one names the fields the schema names', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...columns), nearMiss, { maxKeys: 3 }), (replaced) => {
        const row = { ...validRow, ...replaced } as ConnectionRow;
        const read = recordFromRow(row);
        const { error, value } = storedConnectionSchema.validate(toRecordShape(row));
        if (error)
          expect(read).toEqual({ problem: { tenant: row.tenant, name: row.name, fields: [...new Set(error.details.map((detail) => detail.path.join('.')))] } });
        else expect(read).toEqual({ record: value });
      }),
      { numRuns: 5_000 },
    );
  });
});

function toRecordShape(row: ConnectionRow): Record<string, unknown> {
  return {
    tenant: row.tenant,
    name: row.name,
    id: row.id,
    adapter: row.adapter,
    baseUrl: row.base_url,
    options: row.options,
    timeouts: row.timeouts,
    enabled: row.enabled,
    sealedCredentials: row.sealed_credentials,
    credentialsFingerprint: row.credentials_fingerprint,
    credentialsUpdatedAt: row.credentials_updated_at,
    revision: row.revision,
    credentialsRejectedAt: row.credentials_rejected_at,
    lastVerifiedAt: row.last_verified_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
    deleted: row.deleted,
  };
}
