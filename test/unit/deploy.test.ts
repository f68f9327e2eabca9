import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';

/** No Docker engine or cluster runs here: these checks keep the deployment files honest. */
const root = join(__dirname, '../..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');
const manifest = (file: string) => YAML.parse(read(`deploy/${file}`));

describe('container and deployment files', () => {
  it('when the Dockerfile is read, then it is multi-stage on Node 24 slim, production deps only, non-root, with a HEALTHCHECK', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile.match(/^FROM node:24-slim AS \w+$/gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/^RUN npm run build$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n.*\/healthz/m);
    expect(dockerfile).toMatch(/^CMD \["node", "--max-semi-space-size=8", "dist\/src\/main.js"\]$/m);
  });

  it('when the Dockerfile is read, then both stages install exactly what the lockfile pins (npm ci, never npm install)', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile.match(/^RUN npm ci /gm)).toHaveLength(2);
    expect(dockerfile).not.toMatch(/npm install/);
  });

  it('when the image runs the embedded demo, then it listens on every interface of the container, so a published port reaches it', () => {
    const runtimeStage = read('Dockerfile')
      .split(/^FROM /m)
      .at(-1)!;
    expect(runtimeStage).toMatch(/^ENV HOST=0\.0\.0\.0$/m);
  });

  it('when CI runs, then it fails on a lockfile that npm install would change, and installs with npm ci', () => {
    const ci = read('.ci/run');
    const steps = [
      'npm install --package-lock-only',
      'cmp -s "$lockfile_committed" package-lock.json',
      'package-lock.json is out of date',
      'exit 1',
      'npm ci ',
    ];
    const positions = steps.map((step) => ci.indexOf(step));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(ci).not.toMatch(/^npm install (?!--package-lock-only)/m);
  });

  it('when the compose file is read, then it runs two gateway instances on the simulators, one Redis and one PostgreSQL', () => {
    const compose = YAML.parse(read('docker-compose.yml'), { merge: true });
    expect(Object.keys(compose.services).sort()).toEqual(['gateway-1', 'gateway-2', 'postgres', 'redis', 'simulators', 'token']);
    expect(compose.services['gateway-1'].environment.REDIS_URL).toBe('redis://redis:6379');
    expect(compose.services['gateway-2'].ports).toEqual(['127.0.0.1:8082:8080']);
  });

  it('when the Kubernetes manifests are read, then the Deployment has probes, limits and config and secret references', () => {
    const deployment = manifest('deployment.yaml');
    const container = deployment.spec.template.spec.containers[0];
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(container.resources.limits).toEqual({ cpu: '1', memory: '256Mi' });
    expect(container.envFrom[0].secretRef.name).toBe(manifest('secret.example.yaml').metadata.name);
    expect(deployment.spec.template.spec.volumes[0].configMap.name).toBe(manifest('configmap.yaml').metadata.name);
  });

  it('when the Kubernetes manifests are read, then Prometheus scrapes the metrics listener, which the Service does not expose', () => {
    const pod = manifest('deployment.yaml').spec.template;
    const config = YAML.parse(manifest('configmap.yaml').data['usergate.yaml']);
    expect(pod.metadata.annotations['prometheus.io/port']).toBe(String(config.metrics.port));
    expect(pod.spec.containers[0].ports).toContainEqual({ name: 'metrics', containerPort: config.metrics.port });
    expect(config.metrics.port).not.toBe(config.server.port);
    expect(manifest('service.yaml').spec.ports.map((port: { targetPort: string }) => port.targetPort)).toEqual(['http']);
  });

  it('when the Kubernetes manifests are read, then a Service, a PodDisruptionBudget and an autoscaler select the same pods', () => {
    const selector = manifest('deployment.yaml').spec.selector.matchLabels;
    expect(manifest('service.yaml').spec.selector).toEqual(selector);
    expect(manifest('pdb.yaml').spec.selector.matchLabels).toEqual(selector);
    expect(manifest('hpa.yaml').spec.scaleTargetRef.name).toBe('usergate');
  });
});
