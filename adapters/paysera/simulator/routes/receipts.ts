import type { Response } from 'express';
import type { PayseraUser } from '../../types';
import { fail, userOf, type ReceiptFormat, type RouteModule } from '../http';

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

/**
 * A small, valid one-page PDF: its binary comment line (bytes above 0x7f, as PDF writers put there)
 * shows whether a client passed it on byte for byte.
 */
export const RECEIPT_PDF = Buffer.concat([
  Buffer.from('%PDF-1.4\n%', 'latin1'),
  Buffer.from([0xe2, 0xe3, 0xcf, 0xd3]),
  Buffer.from(
    '\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
      '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
    'latin1',
  ),
]);

/**
 * NOTE: no official client calls the user receipts and their answer is undocumented; the sibling
 * balance receipt answers `application/json` `{"text": "..."}` (developers.paysera.com/api/wallet/get-balance-receipt),
 * so that is the default, with text/plain and a PDF as the alternatives a client must also take.
 */
function sendReceipt(res: Response, format: ReceiptFormat, text: string): void {
  if (format === 'json') res.json({ text });
  else if (format === 'text') res.type('text/plain; charset=utf-8').send(text);
  else res.type('application/pdf').send(RECEIPT_PDF);
}

/** Receipts that offline and gateway clients print: text `width` characters to a line (as JSON by default). */
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
    sendReceipt(res, simulation.receipts, fitTo(width, receipt(title, kind, user, simulation.now())));
  });
};
