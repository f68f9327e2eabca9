import { safeExplanation } from '../errors';

describe('Payabli explanations as problem details', () => {
  it('when the explanation says how to fix the request, then it becomes the detail, attributed to Payabli', () => {
    expect(safeExplanation('Provide a value between -12 and +12.', { timeZone: 13 })).toBe('Payabli: Provide a value between -12 and +12.');
  });

  it('when the explanation repeats a value that was sent, then it is not used', () => {
    expect(safeExplanation('The name Ada Lovelace is too long.', { name: 'Ada Lovelace' })).toBeUndefined();
  });

  it('when the explanation holds an email or a long number, then it is not used', () => {
    expect(safeExplanation('someone@example.com cannot be used.', {})).toBeUndefined();
    expect(safeExplanation('Number 2125550147 is not valid.', {})).toBeUndefined();
  });
});
