import { describe, expect, it } from '@jest/globals';
import { chooseBackend } from '../../../src/netfilter/backend.js';

describe('backend choice', () => {
  it('joins the backend the namespace already uses', () => {
    expect(
      chooseBackend([
        { backend: 'nft', tables: 0, rules: 0 },
        { backend: 'legacy', tables: 2, rules: 5 },
      ])?.backend,
    ).toBe('legacy');
    expect(
      chooseBackend([
        { backend: 'nft', tables: 1, rules: 1 },
        { backend: 'legacy', tables: 0, rules: 0 },
      ])?.backend,
    ).toBe('nft');
  });

  it('takes the busier one when both hold tables', () => {
    const choice = chooseBackend([
      { backend: 'nft', tables: 1, rules: 2 },
      { backend: 'legacy', tables: 2, rules: 30 },
    ]);
    expect(choice).toEqual({ backend: 'legacy', why: expect.stringContaining('both') });
  });

  it('prefers nft in a fresh namespace, legacy when that is all there is', () => {
    expect(
      chooseBackend([
        { backend: 'nft', tables: 0, rules: 0 },
        { backend: 'legacy', tables: 0, rules: 0 },
      ])?.backend,
    ).toBe('nft');
    expect(chooseBackend([{ backend: 'legacy', tables: 0, rules: 0 }])?.backend).toBe('legacy');
    expect(chooseBackend([])).toBeUndefined();
  });
});
