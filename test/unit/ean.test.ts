import { describe, expect, it } from 'vitest';
import { isValidEan13 } from '../../core/fulfilment/ean.ts';

describe('EAN-13 check digit', () => {
  it('accepts valid codes and refuses a wrong check digit, wrong length or letters', () => {
    expect(isValidEan13('4006381333931')).toBe(true);
    expect(isValidEan13('6901234567892')).toBe(true);
    expect(isValidEan13('4006381333932')).toBe(false);
    expect(isValidEan13('400638133393')).toBe(false);
    expect(isValidEan13('40063813339311')).toBe(false);
    expect(isValidEan13('400638133393X')).toBe(false);
  });
});
