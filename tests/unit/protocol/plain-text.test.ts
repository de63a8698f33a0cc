import { describe, expect, it } from 'vitest';
import { plainText } from '@/lib/protocol/plain-text';

describe('plainText', () => {
  it('drops control characters and bidi overrides, keeps newlines, tabs and any script', () => {
    expect(plainText('Order\u0000 placed\u0007\u001b[31m.\u202Egnp.exe')).toBe('Order placed[31m.gnp.exe');
    expect(plainText('line one\r\nline\ttwo — déjà vu ✓ 日本')).toBe('line one\nline\ttwo — déjà vu ✓ 日本');
    expect(plainText('\u0085C1\u009f')).toBe('C1');
  });
});
