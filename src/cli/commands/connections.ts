import type { Command } from 'commander';
import { addGatewayOptions, openGateway, printJson, printText, type GatewayOptions } from '../gateway';
import { renderConnections } from '../render';

export function registerConnections(program: Command): void {
  addGatewayOptions(program.command('connections').description('the connections this token reaches: adapter, what they can search by, breaker state')).action(
    async (options: GatewayOptions) => {
      const answer = await openGateway(options).call('Listing connections', (client) => client.connections());
      if (options.json) printJson(answer.text);
      else printText(renderConnections(answer.body.data));
    },
  );
}
