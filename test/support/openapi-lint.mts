/**
 * Lints the OpenAPI document on stdin with Redocly's `recommended` ruleset and Spectral's
 * `spectral:oas`, and prints every finding as JSON. It runs as a process of its own because
 * Redocly's library is ES modules only, which jest's module system cannot load.
 */
import { createConfig, lintFromString } from '@redocly/openapi-core';
import spectralCore, { type RulesetDefinition } from '@stoplight/spectral-core';
import spectralRulesets from '@stoplight/spectral-rulesets';

export interface Finding {
  tool: 'redocly' | 'spectral';
  rule: string;
  severity: 'error' | 'warn' | 'info' | 'hint';
  message: string;
  where: string;
}

const SPECTRAL_SEVERITIES = ['error', 'warn', 'info', 'hint'] as const;

async function redocly(source: string): Promise<Finding[]> {
  const config = await createConfig({ extends: ['recommended'] });
  const problems = await lintFromString({ source, absoluteRef: '/openapi.json', config });
  return problems.map((problem) => ({
    tool: 'redocly',
    rule: problem.ruleId,
    severity: problem.severity,
    message: problem.message,
    where: problem.location[0]?.pointer ?? '',
  }));
}

async function spectral(source: string): Promise<Finding[]> {
  const linter = new spectralCore.Spectral();
  // NOTE: spectral-rulesets declares its rulesets with a type that `extends` does not take, though it is one.
  linter.setRuleset({ extends: [[spectralRulesets.oas as RulesetDefinition, 'recommended']] });
  const results = await linter.run(source);
  return results.map((result) => ({
    tool: 'spectral',
    rule: String(result.code),
    severity: SPECTRAL_SEVERITIES[result.severity],
    message: result.message,
    where: result.path.join('.'),
  }));
}

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const source = Buffer.concat(chunks).toString('utf8');
process.stdout.write(JSON.stringify([...(await redocly(source)), ...(await spectral(source))]));
