import type { PayseraUser } from '../../types';
import { fail, userOf, type RouteModule } from '../http';

/** Each receipt's title in English, and in the locales that have their own. */
const TITLES = new Map([
  ['identification', { english: 'IDENTIFICATION RECEIPT', localised: new Map([['lt', 'IDENTIFIKAVIMO KVITAS']]) }],
  ['registration', { english: 'REGISTRATION RECEIPT', localised: new Map([['lt', 'REGISTRACIJOS KVITAS']]) }],
]);

/** Cuts every line to `width` characters, as a receipt printer needs them. */
function fitTo(width: number, lines: string[]): string {
  return lines.flatMap((line) => line.match(new RegExp(`.{1,${width}}`, 'gu')) ?? ['']).join('\n');
}

function receipt(title: string, kind: string, user: PayseraUser, now: number): string[] {
  const { name = '', surname = '', code } = user.identity ?? {};
  return [
    'Paysera',
    title,
    `User: ${user.id}`,
    `${name} ${surname}`.trim(),
    ...(kind === 'identification' && code ? [`Person code: ${code}`] : []),
    new Date(now * 1000).toISOString().slice(0, 10),
  ];
}

/** Receipts that offline and gateway clients print: plain text, `width` characters to a line. */
export const receiptRoutes: RouteModule = (api, simulation) => {
  api.get('/user/:id/receipt/:kind', (req, res) => {
    const { kind } = req.params;
    const titles = TITLES.get(kind);
    if (!titles) {
      fail(res, 404, 'not_found', 'No such receipt');
      return;
    }
    const user = userOf(req, res, simulation.users);
    if (!user) return;
    if (kind === 'identification' && !user.identity?.surname) {
      fail(res, 409, 'invalid_state', 'User is not identified');
      return;
    }
    const width = Number(req.query.width ?? 40);
    if (!Number.isInteger(width) || width < 16) {
      fail(res, 400, 'invalid_parameters', 'width must be an integer of at least 16');
      return;
    }
    const { locale } = req.query;
    const title = (typeof locale === 'string' ? titles.localised.get(locale) : undefined) ?? titles.english;
    return res.type('text/plain; charset=utf-8').send(fitTo(width, receipt(title, kind, user, simulation.now())));
  });
};
