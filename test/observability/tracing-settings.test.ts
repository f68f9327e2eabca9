import { ConfigError, parseConfig } from '../../src/config/load';
import { acmeAdapter } from '../support/acme-adapter';

const acme = acmeAdapter({ get: true, lookup: [], lookupMode: 'users', create: false, update: false, delete: false }, {});
const base = {
  auth: { jwt: { secret: 'x'.repeat(32), audience: 'usergate', issuer: 'usergate' } },
  connections: { payments: { adapter: 'acme', baseUrl: 'https://api.acme.example/v1' } },
};
const tracingOf = (file: Record<string, unknown>, env: Record<string, string>) => parseConfig({ ...base, ...file }, [acme], env).tracing;

describe('tracing settings', () => {
  it('when neither the config file nor the environment names an endpoint, then tracing is off', () => {
    expect(tracingOf({}, {})).toBeUndefined();
  });

  it('when OTEL_EXPORTER_OTLP_ENDPOINT is set, then tracing is on with the SDK defaults, the exporter reading the endpoint itself', () => {
    expect(tracingOf({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toEqual({
      endpoint: undefined,
      serviceName: 'usergate',
      sampler: 'parentbased_always_on',
      samplerArg: undefined,
    });
  });

  it('when the environment names the service and the sampler, then they are used', () => {
    const env = {
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces',
      OTEL_SERVICE_NAME: 'gateway-eu',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
    };
    expect(tracingOf({}, env)).toMatchObject({ serviceName: 'gateway-eu', sampler: 'parentbased_traceidratio', samplerArg: 0.25 });
  });

  it("when the config file has a tracing key, then tracing is on and the file's values come before the environment's", () => {
    const file = { tracing: { endpoint: 'http://collector:4318', serviceName: 'from-file', sampler: 'always_on' } };
    expect(tracingOf(file, { OTEL_SERVICE_NAME: 'from-env', OTEL_TRACES_SAMPLER: 'always_off' })).toEqual({
      endpoint: 'http://collector:4318',
      serviceName: 'from-file',
      sampler: 'always_on',
      samplerArg: undefined,
    });
  });

  it('when OTEL_SDK_DISABLED is true, then tracing is off whatever else is set', () => {
    expect(tracingOf({ tracing: { endpoint: 'http://collector:4318' } }, { OTEL_SDK_DISABLED: 'true' })).toBeUndefined();
    expect(tracingOf({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' })).toBeUndefined();
  });

  it('when OTEL_TRACES_SAMPLER names no sampler, then the config is refused, naming the variable', () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_SAMPLER: 'sometimes' };
    expect(() => tracingOf({}, env)).toThrow(ConfigError);
    expect(() => tracingOf({}, env)).toThrow(/OTEL_TRACES_SAMPLER: must be one of/);
  });

  it('when the config names a sampler ratio above 1, then the config is refused, naming the key', () => {
    expect(() => tracingOf({ tracing: { samplerArg: 2 } }, {})).toThrow(/tracing\.samplerArg/);
  });
});
