import { ensurePostgres } from './postgres';
import { ensureRedis } from './redis';

/** Tests use a real Redis (started when none answers) and a real PostgreSQL (`.ci/run` starts one; missing, the run fails saying so). */
export default async function globalSetup(): Promise<void> {
  await ensureRedis();
  await ensurePostgres();
}
