import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium (`.ci/run` installs it), or the one CHROMIUM_PATH names. */
export function findChromium(): string | undefined {
  const candidates = process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'chromium'));
  return candidates.find((candidate) => existsSync(candidate));
}

/**
 * Headless and quiet: no update checks, sync or other calls beyond loopback. Each launch gets a
 * fresh profile (playwright makes a temporary user-data-dir and removes it on close).
 */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
