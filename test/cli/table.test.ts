import { formatTable } from '../../src/cli/table';

describe('CLI tables', () => {
  it('when cells hold letters outside ASCII, then columns still line up', () => {
    expect(
      formatTable([
        ['NAME', 'ID'],
        ['Eglė Jankauskienė', 'paysera:1001'],
        ['Jonas', 'paysera:1007'],
      ]),
    ).toBe(['NAME               ID', 'Eglė Jankauskienė  paysera:1001', 'Jonas              paysera:1007', ''].join('\n'));
  });

  it('when the last column is empty, then lines carry no trailing spaces', () => {
    expect(formatTable([['paysera', 'ok', '']])).toBe('paysera  ok\n');
  });
});
