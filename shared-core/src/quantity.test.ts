import { describe, expect, it } from 'vitest';
import { formatQuantity, parseQuantity } from './quantity';

describe('quantities', () => {
  it('parses what people type into a plain decimal string, refusing more digits than the scale', () => {
    expect(parseQuantity('1 000,5')).toBe('1000.5');
    expect(parseQuantity('1\u00a0000.25')).toBe('1000.25');
    expect(parseQuantity('-2')).toBe('-2');
    expect(parseQuantity('2.3456')).toBe('2.3456');
    expect(parseQuantity('2.3456', 3)).toBeNull();
    expect(parseQuantity('2.345', 3)).toBe('2.345');
    expect(parseQuantity('7', 0)).toBe('7');
    expect(parseQuantity('7.5', 0)).toBeNull();
    for (const bad of ['', 'abc', '1,2,3', '1e3', '.5', '5.']) expect(parseQuantity(bad), bad).toBeNull();
  });

  it('prints them the Russian way, without the zeros a scale pads with', () => {
    expect(formatQuantity('12500.500')).toBe('12\u00a0500,5');
    expect(formatQuantity('2.000')).toBe('2');
    expect(formatQuantity('-1234.25')).toBe('−1\u00a0234,25');
    expect(formatQuantity('-1234.25', '-')).toBe('-1\u00a0234,25');
    expect(formatQuantity('-0.000')).toBe('0');
    expect(formatQuantity(3)).toBe('3');
    expect(formatQuantity('n/a')).toBe('n/a');
  });
});
