import { describe, expect, it } from '@jest/globals';
import { messageOf } from '../../../src/core/message.js';

describe('messageOf', () => {
  it("says an Error's message without its name or stack", () => {
    expect(messageOf(new TypeError('no such file'))).toBe('no such file');
  });

  it('says anything else thrown as text', () => {
    expect(messageOf('plain text')).toBe('plain text');
    expect(messageOf(42)).toBe('42');
    expect(messageOf(undefined)).toBe('undefined');
  });
});
