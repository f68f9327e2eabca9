import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The tests' PostgreSQL: trust auth, user postgres, database test (`.ci/run` starts Debian's). */
export const TEST_POSTGRES_URL = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function tryConnect(url: string): Promise<string | undefined> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Fails the run, saying what to do, when no PostgreSQL answers: tests never fake one. */
export async function ensurePostgres(): Promise<void> {
  const problem = await tryConnect(TEST_POSTGRES_URL);
  if (problem) {
    throw new Error(
      `No PostgreSQL answers at ${TEST_POSTGRES_URL} (${problem}). Tests use a real one: trust auth for 127.0.0.1, user postgres, database test. ` +
        "`.ci/run` installs and starts Debian's postgresql; or set POSTGRES_URL.",
    );
  }
}

/** A schema of its own for each test, so that parallel test files never see each other's tables. */
export function uniqueSchema(): string {
  return `usergate_test_${randomBytes(6).toString('hex')}`;
}

/** A plain client of the test database with `schema` first on its search path: SQL outside the store. */
export async function rawClient(schema: string): Promise<Client> {
  const client = new Client({ connectionString: TEST_POSTGRES_URL, options: `-c search_path=${schema}` });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
