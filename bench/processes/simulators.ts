import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { FaultSettings } from '../../src/simulator/faults';
import { pidOf } from './ipc';

export interface SimulatorDescription {
  provider: string;
  baseUrl: string;
  credentials: Record<string, unknown>;
  options: Record<string, unknown>;
}

export interface HostRequest {
  id: number;
  provider: string;
  pathEnding: string;
}

export interface HostReply {
  id: number;
  count: number;
}

export interface Simulators {
  byProvider(provider: string): SimulatorDescription;
  /** Requests the simulator received whose path ends so: the provider's own count of upstream calls. */
  received(provider: string, pathEnding: string): Promise<number>;
  /** Sets the simulator's fault knobs over HTTP, as a user's CI would; `{}` clears them. */
  setFaults(provider: string, faults: FaultSettings): Promise<void>;
  pid: number;
  stop(): Promise<void>;
}

/** Forks the simulator host and waits until every simulator listens. */
export async function startSimulators(): Promise<Simulators> {
  const child = fork(join(__dirname, 'simulator-host.js'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const described = await new Promise<SimulatorDescription[]>((resolve, reject) => {
    child.once('message', (message: { ready: SimulatorDescription[] }) => resolve(message.ready));
    child.once('exit', (code) => reject(new Error(`the simulator host exited (${code}) before it was ready`)));
  });
  const byProvider = new Map(described.map((simulator) => [simulator.provider, simulator]));
  const ask = requester(child);
  const simulator = (provider: string) => {
    const found = byProvider.get(provider);
    if (!found) throw new Error(`no simulator of ${provider}`);
    return found;
  };
  return {
    byProvider: simulator,
    received: (provider, pathEnding) => ask(provider, pathEnding),
    async setFaults(provider, faults) {
      const response = await fetch(`${new URL(simulator(provider).baseUrl).origin}/__faults`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(faults),
      });
      if (!response.ok) throw new Error(`${provider} refused the fault settings: ${await response.text()}`);
    },
    pid: pidOf(child, 'simulator host'),
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      await exited;
    },
  };
}

function requester(child: ChildProcess) {
  let nextId = 0;
  const waiting = new Map<number, (count: number) => void>();
  child.on('message', (reply: HostReply) => {
    waiting.get(reply.id)?.(reply.count);
    waiting.delete(reply.id);
  });
  return (provider: string, pathEnding: string) =>
    new Promise<number>((resolve) => {
      const id = (nextId += 1);
      waiting.set(id, resolve);
      child.send({ id, provider, pathEnding } satisfies HostRequest);
    });
}
