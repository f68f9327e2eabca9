import { formatTable } from '../../src/cli/table';

describe('CLI tables', () => {
  it('when cells hold letters outside ASCII, then columns still line up', () => {
    expect(
      formatTable([
        ['NAME', 'ID'],
        ['Eglė Jankauskienė', 'northpay:1001'],
        ['Jonas', 'northpay:1007'],
      ]),
    ).toBe(['NAME               ID', 'Eglė Jankauskienė  northpay:1001', 'Jonas              northpay:1007', ''].join('\n'));
  });

  it('when a letter carries a combining mark of its own, then it is one column wide', () => {
    // NOTE: x with an acute accent has no precomposed form, so normalising alone would count two.
    expect(
      formatTable([
        ['x\u0301', 'a'],
        ['Jonas', 'b'],
      ]),
    ).toBe(['x\u0301      a', 'Jonas  b', ''].join('\n'));
  });

  it('when the last column is empty, then lines carry no trailing spaces', () => {
    expect(formatTable([['northpay', 'ok', '']])).toBe('northpay  ok\n');
  });
});
