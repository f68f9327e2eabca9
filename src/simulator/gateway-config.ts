import { renameSync, writeFileSync } from 'node:fs';
import YAML from 'yaml';

/** What `usergate simulate` prints for each simulator: what a gateway connection to it needs. */
export interface SimulatorAnnouncement {
  provider: string;
  baseUrl: string;
  credentials: Record<string, unknown>;
  options: Record<string, unknown>;
}

/** The base URL as other machines reach it: `host` instead of the address the simulator listens on. */
export function publicBaseUrl(baseUrl: string, host: string | undefined): string {
  if (host === undefined) return baseUrl;
  const url = new URL(baseUrl);
  url.hostname = host;
  return url.href.replace(/\/$/, '');
}

/**
 * A gateway config for the simulators: the template's settings (auth, Redis, store... with their
 * `${VAR}` placeholders left for the gateway to fill in), and one connection per simulator, named
 * after its provider, as the embedded demo has them.
 */
export function gatewayConfigFor(template: Record<string, unknown>, simulators: readonly SimulatorAnnouncement[]): Record<string, unknown> {
  const connections = Object.fromEntries(
    simulators.map(({ provider, baseUrl, credentials, options }) => [provider, { adapter: provider, baseUrl, credentials, options }]),
  );
  return { ...template, connections };
}

/** Written whole or not at all: whoever waits for the file (a container's health check) never reads half of it. */
export function writeGatewayConfig(file: string, config: Record<string, unknown>): void {
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, `# Written by \`usergate simulate --write-config\`: the template and one connection per simulator.\n${YAML.stringify(config)}`);
  renameSync(partial, file);
}
