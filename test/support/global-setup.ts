import { ensureRedis } from './redis';

/** Tests use a real Redis; start Debian's redis-server when none answers. */
export default async function globalSetup(): Promise<void> {
  await ensureRedis();
}
