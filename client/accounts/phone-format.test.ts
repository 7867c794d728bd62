import { describe, expect, it } from 'vitest';
import { formatTypedPhone } from './phone-format.ts';

describe('formatTypedPhone', () => {
  it('shows a typed number back with the country it was read as', async () => {
    await expect(formatTypedPhone('8 (701) 234-56-78')).resolves.toBe('+7 701 234 5678');
    await expect(formatTypedPhone('998 90 123 45 67')).resolves.toBe('+998 90 123 45 67');
  });

  it('leaves a number it cannot accept as the person typed it', async () => {
    await expect(formatTypedPhone('8 029 123-45-67')).resolves.toBeNull();
  });
});
