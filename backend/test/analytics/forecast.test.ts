import { expect, test } from 'vitest';
import { forecastSeries } from '../../src/modules/analytics/forecast';

/**
 * Holt–Winters on a known pattern: three years of monthly sales with a trend (+2 a month from 100), a yearly
 * season (±30, a sine) and noise of up to ±5 % (a fixed pseudo-random sequence, so the test is repeatable).
 * The forecast of the next three months is compared with the pattern without noise.
 */
function pattern(t: number) {
  return 100 + 2 * t + 30 * Math.sin((2 * Math.PI * t) / 12);
}

/** A small linear congruential generator in [−1, 1): the same "noise" on every run. */
function noise(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return (s / 2 ** 31) * 2 - 1;
  };
}

test('a seasonal series with noise: Holt–Winters forecasts the next 3 months with MAPE below 10 %', () => {
  const rnd = noise(42);
  const history = Array.from({ length: 36 }, (_, t) => pattern(t) * (1 + 0.05 * rnd()));
  const f = forecastSeries(history, 3);
  expect(f.method).toBe('holt-winters');
  expect(f.seasonLength).toBe(12);
  const truth = [36, 37, 38].map(pattern);
  const mape = (100 * f.values.reduce((s, v, i) => s + Math.abs(v - truth[i]!) / truth[i]!, 0)) / 3;
  expect(mape).toBeLessThan(10);
  // The error it reports (one-step-ahead over the last two years) is of the size of the noise.
  expect(f.mape).toBeGreaterThan(0);
  expect(f.mape!).toBeLessThan(10);
});

test('a short history falls back to Holt’s trend, then to the mean, and says so', () => {
  expect(forecastSeries([10, 12, 14, 16, 18, 20], 2)).toMatchObject({ method: 'holt', values: [expect.closeTo(22, 0), expect.closeTo(24, 0)] });
  expect(forecastSeries([5, 7], 1)).toMatchObject({ method: 'mean', values: [6], mape: null });
  // Sales never go below zero.
  expect(forecastSeries([30, 20, 10, 5, 1], 3).values.every((v) => v >= 0)).toBe(true);
});
