/** A forecast of a monthly series: the method used, its parameters and its error on the history. */
export interface Forecast {
  method: 'holt-winters' | 'holt' | 'mean';
  methodTitle: string;
  seasonLength: number | null;
  alpha: number | null;
  beta: number | null;
  gamma: number | null;
  /**
   * Mean absolute percentage error of the one-step-ahead forecasts over the history (after the first season
   * for Holt–Winters), in percent; null when there is nothing to measure it on.
   */
  mape: number | null;
  /** The next `horizon` values, never below zero. */
  values: number[];
}

const GRID = [0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95];

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function mape(actual: number[], predicted: number[]): number | null {
  const pairs = actual.map((a, i) => [a, predicted[i]!] as const).filter(([a]) => a !== 0);
  return pairs.length ? (100 * pairs.reduce((s, [a, p]) => s + Math.abs(a - p) / Math.abs(a), 0)) / pairs.length : null;
}

/**
 * Additive Holt–Winters: level, trend and a season of `m` periods, each smoothed (α, β, γ). Starts from the
 * first two seasons (level and trend from their means, the season from the first one's deviations) and runs over
 * the rest; returns the one-step-ahead forecasts it made and the next `horizon` values.
 */
function holtWintersRun(y: number[], m: number, alpha: number, beta: number, gamma: number, horizon: number) {
  const first = mean(y.slice(0, m));
  let trend = (mean(y.slice(m, 2 * m)) - first) / m;
  const season = y.slice(0, m).map((v, i) => v - (first + trend * (i - (m - 1) / 2)));
  let level = first + (trend * (m - 1)) / 2;
  const oneStep: number[] = [];
  for (let t = m; t < y.length; t++) {
    const s = season[t % m]!;
    oneStep.push(level + trend + s);
    const next = alpha * (y[t]! - s) + (1 - alpha) * (level + trend);
    trend = beta * (next - level) + (1 - beta) * trend;
    season[t % m] = gamma * (y[t]! - next) + (1 - gamma) * s;
    level = next;
  }
  const values = Array.from({ length: horizon }, (_, h) => level + (h + 1) * trend + season[(y.length + h) % m]!);
  return { oneStep, values };
}

/** Holt's linear trend (no season), for histories shorter than two seasons. */
function holtRun(y: number[], alpha: number, beta: number, horizon: number) {
  let level = y[0]!;
  let trend = y[1]! - y[0]!;
  const oneStep: number[] = [];
  for (let t = 1; t < y.length; t++) {
    oneStep.push(level + trend);
    const next = alpha * y[t]! + (1 - alpha) * (level + trend);
    trend = beta * (next - level) + (1 - beta) * trend;
    level = next;
  }
  return { oneStep, values: Array.from({ length: horizon }, (_, h) => level + (h + 1) * trend) };
}

const sse = (actual: number[], predicted: number[]) => actual.reduce((s, a, i) => s + (a - predicted[i]!) ** 2, 0);

/**
 * Forecasts the next `horizon` months of a monthly series. Two seasons of history or more: Holt–Winters with
 * additive trend and seasonality; the smoothing constants are those with the least squared one-step-ahead error
 * (a grid of 0,05…0,95). Shorter: Holt's linear trend, and below three months the mean.
 */
export function forecastSeries(y: number[], horizon: number, seasonLength = 12): Forecast {
  const clamp = (xs: number[]) => xs.map((v) => Math.max(0, v));
  if (y.length >= 2 * seasonLength) {
    let best: { a: number; b: number; g: number; err: number } | undefined;
    for (const a of GRID)
      for (const b of GRID)
        for (const g of GRID) {
          const err = sse(y.slice(seasonLength), holtWintersRun(y, seasonLength, a, b, g, 0).oneStep);
          if (!best || err < best.err) best = { a, b, g, err };
        }
    const run = holtWintersRun(y, seasonLength, best!.a, best!.b, best!.g, horizon);
    return {
      method: 'holt-winters',
      methodTitle: 'Хольт–Уинтерс: тренд и аддитивная сезонность',
      seasonLength,
      alpha: best!.a,
      beta: best!.b,
      gamma: best!.g,
      mape: mape(y.slice(seasonLength), run.oneStep),
      values: clamp(run.values),
    };
  }
  if (y.length >= 3) {
    let best: { a: number; b: number; err: number } | undefined;
    for (const a of GRID)
      for (const b of GRID) {
        const err = sse(y.slice(1), holtRun(y, a, b, 0).oneStep);
        if (!best || err < best.err) best = { a, b, err };
      }
    const run = holtRun(y, best!.a, best!.b, horizon);
    return { method: 'holt', methodTitle: 'Хольт: тренд без сезонности (истории меньше двух лет)', seasonLength: null, alpha: best!.a, beta: best!.b, gamma: null, mape: mape(y.slice(1), run.oneStep), values: clamp(run.values) };
  }
  const avg = y.length ? mean(y) : 0;
  return { method: 'mean', methodTitle: 'Среднее (истории меньше трёх месяцев)', seasonLength: null, alpha: null, beta: null, gamma: null, mape: null, values: Array(horizon).fill(Math.max(0, avg)) };
}
