import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import YAML from 'yaml';
import { adapters } from '../../adapters';
import { version } from '../../package.json';
import { parseConfig } from '../../src/config/load';
import { KeyRing } from '../../src/secrets/key-ring';
import { gatewayConfigFor } from '../../src/simulator/gateway-config';

/**
 * No Docker engine or cluster runs here: this reads the compose and Kubernetes files as Compose and
 * kubectl would, and checks what would otherwise fail only on someone's machine: a variable nobody
 * documented, an image or a port that two files disagree on, a compose demo that needs something set.
 */
const ROOT = join(__dirname, '../..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
/** Compose files use YAML merge keys (`<<: *gateway`). */
const yaml = (file: string) => YAML.parse(read(file), { merge: true }) as Record<string, unknown>;
const documents = (file: string) => YAML.parseAllDocuments(read(file)).map((document) => document.toJS() as Manifest);

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string; required?: boolean }>;
  healthcheck?: { test: string[] };
  profiles?: string[];
}
interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}
// Manifests are read loosely, as kubectl would: each test names the fields it needs.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Manifest = any;

const compose = yaml('docker-compose.yml') as unknown as ComposeFile;
const providers = yaml('docker-compose.providers.yml') as unknown as ComposeFile;
const manifest = (file: string) => documents(`deploy/${file}`)[0] as Manifest;

/** A `${NAME}`, `${NAME:-default}` or `${NAME:?message}` placeholder (Compose's and the config's syntax); `$${` is an escaped `$`. */
interface Placeholder {
  name: string;
  operator?: string;
  operand?: string;
}
const PLACEHOLDER = /(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g;

function placeholdersIn(value: unknown): Placeholder[] {
  if (typeof value === 'string') return [...value.matchAll(PLACEHOLDER)].map(([, name, operator, operand]) => ({ name: name!, operator, operand }));
  if (Array.isArray(value)) return value.flatMap(placeholdersIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(placeholdersIn);
  return [];
}
const namesIn = (value: unknown) => [...new Set(placeholdersIn(value).map(({ name }) => name))].sort();

/** What Compose puts in a container's variable with nothing set in the environment: the default, or nothing at all. */
function withNothingSet(value: string): string | undefined {
  let unset = false;
  const resolved = value.replace(PLACEHOLDER, (_match, _name: string, operator?: string, operand?: string) => {
    if (operator === ':-' || operator === '-') return operand ?? '';
    unset = true;
    return '';
  });
  return unset ? undefined : resolved.replaceAll('$$', '$');
}

/** The variables README documents: the first column of its environment-variable table. */
function documentedVariables(): Set<string> {
  const readme = read('README.md');
  const table = readme.slice(readme.indexOf('| environment variable | what |'));
  const rows = table
    .slice(0, table.search(/\n(?!\|)/))
    .split('\n')
    .slice(2);
  return new Set(rows.flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map(([, name]) => name!)));
}

const usergateServices = Object.entries(compose.services).filter(([, service]) => service.build !== undefined);
const gateways = Object.entries(compose.services).filter(([name]) => name.startsWith('gateway-'));
const gatewayEnvironment = compose.services['gateway-1']!.environment!;
/** The value that follows a flag in a command (`--port 9101`). */
const flag = (command: string[], name: string) => command[command.indexOf(name) + 1];
const simulatorsCommand = compose.services.simulators!.command!;
/** `volume:/path[:ro]` as its parts. */
const mounts = (service: Service) => (service.volumes ?? []).map((entry) => ({ volume: entry.split(':')[0]!, target: entry.split(':')[1]! }));
const dockerfile = read('Dockerfile');
const exposedPort = Number(/^EXPOSE (\d+)$/m.exec(dockerfile)?.[1]);

describe('docker-compose.yml runs as is', () => {
  it('when nothing is set in the environment, then every variable it uses has a default (nothing is required)', () => {
    const undefaulted = placeholdersIn(compose).filter(({ operator }) => operator !== ':-' && operator !== '-');
    expect(undefaulted).toEqual([]);
  });

  it("when nothing is set, then the gateways' config (the template and one connection per simulator) is valid with their environment", async () => {
    const env = Object.fromEntries(Object.entries(gatewayEnvironment).map(([name, value]) => [name, withNothingSet(String(value))]));
    const template = YAML.parse(read(flag(simulatorsCommand, '--config-template')!)) as Record<string, unknown>;
    const simulators = await Promise.all(adapters.map((adapter) => adapter.startSimulator()));
    try {
      const config = parseConfig(gatewayConfigFor(template, simulators), adapters, env);
      expect(Object.keys(config.connections)).toEqual(adapters.map((adapter) => adapter.name));
      expect(config.redis).toMatchObject({ url: gatewayEnvironment.REDIS_URL });
      expect(config.store.postgres?.url).toBe(gatewayEnvironment.POSTGRES_URL);
      expect(config.server.port).toBe(exposedPort);
    } finally {
      await Promise.all(simulators.map((simulator) => simulator.close()));
    }
  });

  it('when nothing is set, then the demo keys are usable: a JWT secret long enough and a key ring that parses', () => {
    expect(withNothingSet(gatewayEnvironment.USERGATE_JWT_SECRET!)!.length).toBeGreaterThanOrEqual(32);
    expect(() => KeyRing.parse(withNothingSet(gatewayEnvironment.USERGATE_SECRETS_KEYS!)!)).not.toThrow();
  });

  it('when the gateways and the token service are read, then they share one environment (one secret, one store, one Redis)', () => {
    for (const name of ['gateway-2', 'token']) expect(compose.services[name]!.environment).toEqual(gatewayEnvironment);
  });

  it('when the simulators write the config, then it is where the gateways and the token service read it, on the same volume', () => {
    const written = flag(simulatorsCommand, '--write-config')!;
    const [simulatorsMount] = mounts(compose.services.simulators!);
    expect(posix.dirname(written)).toBe(simulatorsMount!.target);
    expect(compose.volumes).toHaveProperty(simulatorsMount!.volume);
    for (const name of ['gateway-1', 'gateway-2', 'token']) {
      expect(compose.services[name]!.environment!.USERGATE_CONFIG).toBe(written);
      expect(mounts(compose.services[name]!)).toContainEqual(simulatorsMount);
    }
    expect(compose.services.simulators!.healthcheck!.test.join(' ')).toContain(`test -s ${written}`);
    // The image makes the mount point the unprivileged user's, so that a fresh named volume is writable.
    expect(dockerfile).toMatch(new RegExp(`^RUN mkdir -p ${posix.relative('/app', posix.dirname(written))} && chown -R node:node data$`, 'm'));
  });

  it('when the simulators announce themselves, then it is by their service name, on every interface, from a template the image has', () => {
    expect(flag(simulatorsCommand, '--public-host')).toBe('simulators');
    expect(flag(simulatorsCommand, '--host')).toBe('0.0.0.0');
    expect(simulatorsCommand.slice(0, 4)).toEqual(['node', 'dist/src/cli/main.js', 'simulate', 'all']);
    expect(existsSync(join(ROOT, flag(simulatorsCommand, '--config-template')!))).toBe(true);
    expect(dockerfile).toMatch(/^COPY config \.\/config$/m);
  });

  it('when the URLs of Redis and PostgreSQL are read, then they name the services, their ports and the database the postgres service creates', () => {
    const redis = new URL(gatewayEnvironment.REDIS_URL!);
    expect([redis.hostname, redis.port]).toEqual(['redis', '6379']);
    const postgres = new URL(gatewayEnvironment.POSTGRES_URL!);
    const { POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB } = compose.services.postgres!.environment!;
    expect([postgres.hostname, postgres.port, postgres.username, postgres.password, postgres.pathname]).toEqual([
      'postgres',
      '5432',
      POSTGRES_USER,
      POSTGRES_PASSWORD,
      `/${POSTGRES_DB}`,
    ]);
  });

  it('when a service waits for another to be healthy, then that one has a health check (its own, or the image HEALTHCHECK)', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        const target = compose.services[dependency];
        expect({ service: name, dependency, exists: target !== undefined }).toEqual({ service: name, dependency, exists: true });
        if (condition === 'service_healthy') expect(target!.healthcheck ?? (target!.build && /^HEALTHCHECK /m.test(dockerfile))).toBeTruthy();
      }
    }
  });

  it('when the gateways are published, then on 127.0.0.1 only (the demo secrets are public), each on a port of its own, to the port the image exposes', () => {
    const published = gateways.map(([, service]) => service.ports![0]!.split(':'));
    for (const [address, , container] of published) expect([address, Number(container)]).toEqual(['127.0.0.1', exposedPort]);
    const hostPorts = published.map(([, host]) => host);
    expect(new Set(hostPorts).size).toBe(gateways.length);
    // Only the gateways are reachable from the host.
    const others = Object.entries(compose.services).filter(([name]) => !name.startsWith('gateway-'));
    expect(others.filter(([, service]) => service.ports !== undefined)).toEqual([]);
    // The token service prints the addresses they are published at.
    const banner = compose.services.token!.command!.join('\n');
    for (const port of hostPorts) expect(banner).toContain(`http://localhost:${port}`);
  });

  it('when the usergate services are read, then all are built from this Dockerfile as one image', () => {
    expect(usergateServices.map(([name]) => name).sort()).toEqual(['gateway-1', 'gateway-2', 'simulators', 'token']);
    for (const [, service] of usergateServices) expect([service.build, service.image]).toEqual(['.', 'usergate:local']);
  });
});

describe('docker-compose.providers.yml', () => {
  const example = YAML.parse(read('config/example.yaml')) as unknown;
  const providerEnvironment = providers.services['gateway-1']!.environment!;

  it('when it is laid over the compose file, then it changes only services that exist there', () => {
    for (const name of Object.keys(providers.services)) expect(Object.keys(compose.services)).toContain(name);
  });

  it('when real providers are used, then the gateways load config/example.yaml and the simulators and token service stay off', () => {
    expect(providerEnvironment.USERGATE_CONFIG).toBe('/app/config/example.yaml');
    expect(existsSync(join(ROOT, 'config/example.yaml'))).toBe(true);
    expect(providers.services['gateway-2']!.environment).toEqual(providerEnvironment);
    for (const name of ['simulators', 'token']) expect(providers.services[name]!.profiles).toEqual(['demo']);
    for (const [, gateway] of gateways) expect(gateway.depends_on!.simulators!.required).toBe(false);
  });

  it('when config/example.yaml needs a variable without a default, then the override requires it of whoever runs compose', () => {
    const needed = placeholdersIn(example)
      .filter(({ operator }) => operator === undefined)
      .map(({ name }) => name);
    for (const name of new Set(needed)) {
      expect({ name, value: providerEnvironment[name] }).toEqual({
        name,
        value: `\${${name}:?${placeholdersIn(providerEnvironment[name])[0]?.operand ?? ''}}`,
      });
    }
  });
});

describe('the Kubernetes manifests', () => {
  const deployment = manifest('deployment.yaml');
  const container = deployment.spec.template.spec.containers[0];
  const configMap = manifest('configmap.yaml');
  const config = YAML.parse(configMap.data['usergate.yaml'] as string) as Record<string, unknown> & { server: { port: number } };
  const secret = manifest('secret.example.yaml').stringData as Record<string, string>;
  const [postgres, postgresService] = documents('deploy/postgres.yaml');
  const postgresContainer = postgres.spec.template.spec.containers[0];

  it('when the Deployment runs the image, then it is the package version, and serves the port the ConfigMap and the image say', () => {
    expect(container.image).toBe(`usergate:${version}`);
    expect(container.ports).toContainEqual({ name: 'http', containerPort: config.server.port });
    expect(config.server.port).toBe(exposedPort);
  });

  it("when the ConfigMap names a variable, then the Secret (the pod's envFrom) or the pod's env gives it", () => {
    const given = new Set([...Object.keys(secret), ...container.env.map(({ name }: { name: string }) => name)]);
    const needed = placeholdersIn(config).filter(({ operator }) => operator === undefined);
    expect(needed.filter(({ name }) => !given.has(name))).toEqual([]);
  });

  it('when the ConfigMap is read, then stored connections are kept in PostgreSQL, which every pod shares', () => {
    expect(config).toMatchObject({ store: { postgres: { url: '${POSTGRES_URL}' } } });
  });

  it("when the Secret's POSTGRES_URL is read, then it names postgres.yaml's Service, port, user, database and password", () => {
    const url = new URL(secret.POSTGRES_URL!);
    const env = Object.fromEntries(postgresContainer.env.map(({ name, value }: { name: string; value?: string }) => [name, value]));
    const passwordRef = postgresContainer.env.find(({ name }: { name: string }) => name === 'POSTGRES_PASSWORD').valueFrom.secretKeyRef;
    expect([url.hostname, Number(url.port), url.username, url.pathname]).toEqual([
      postgresService.metadata.name,
      postgresService.spec.ports[0].port,
      env.POSTGRES_USER,
      `/${env.POSTGRES_DB}`,
    ]);
    expect(passwordRef).toEqual({ name: manifest('secret.example.yaml').metadata.name, key: 'POSTGRES_PASSWORD' });
    expect(url.password).toBe(secret.POSTGRES_PASSWORD);
    expect(postgresService.spec.selector).toEqual(postgres.spec.template.metadata.labels);
    expect(postgresContainer.ports).toContainEqual({ name: postgresService.spec.ports[0].targetPort, containerPort: postgresService.spec.ports[0].port });
  });

  it('when PostgreSQL and Redis images are named, then compose and Kubernetes run the same ones', () => {
    expect(postgresContainer.image).toBe(compose.services.postgres!.image);
    expect(compose.services.redis!.image).toMatch(/^redis:\d+-alpine$/);
  });
});

describe('every variable the deployment files use is documented (README "Every configuration key")', () => {
  const documented = documentedVariables();
  const undocumented = (names: string[]) => names.filter((name) => !documented.has(name));

  it('when the README table is read, then it lists variables (so that the checks below check something)', () => {
    expect(documented.size).toBeGreaterThan(5);
  });

  it.each([
    ['docker-compose.yml', () => [...namesIn(compose), ...usergateServices.flatMap(([, service]) => Object.keys(service.environment ?? {}))]],
    ['docker-compose.providers.yml', () => [...namesIn(providers), ...Object.keys(providers.services['gateway-1']!.environment!)]],
    ['config/compose.yaml', () => namesIn(YAML.parse(read('config/compose.yaml')))],
    ['config/example.yaml', () => namesIn(YAML.parse(read('config/example.yaml')))],
    ['deploy/configmap.yaml', () => namesIn(YAML.parse(manifest('configmap.yaml').data['usergate.yaml'] as string))],
    ['deploy/secret.example.yaml', () => Object.keys(manifest('secret.example.yaml').stringData as object)],
    ['deploy/deployment.yaml', () => manifest('deployment.yaml').spec.template.spec.containers[0].env.map(({ name }: { name: string }) => name) as string[]],
  ])('when %s is read, then every variable it uses is in the table', (_file, names) => {
    expect(undocumented(names())).toEqual([]);
  });
});
