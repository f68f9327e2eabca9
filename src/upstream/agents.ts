import http from 'node:http';
import https from 'node:https';

/** Keep-alive socket pools for upstream calls, one per protocol (each pools per host and port). */
export interface UpstreamAgents {
  readonly http: http.Agent;
  readonly https: https.Agent;
}

/**
 * Keep-alive pools. `idleCloseMs` closes a pooled socket nobody has used for that long: pools
 * shared by many connections outlive any one of them, so sockets to a host none of them calls any
 * more must still go.
 */
export function keepAliveAgents(options: { maxSockets?: number; idleCloseMs?: number } = {}): UpstreamAgents {
  const agentOptions: http.AgentOptions = { keepAlive: true, maxSockets: options.maxSockets, timeout: options.idleCloseMs };
  return { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };
}

/** Closes every socket of the pools. */
export function destroyAgents(agents: UpstreamAgents): void {
  agents.http.destroy();
  agents.https.destroy();
}
