import { monthStart } from '@workcloud/shared-core';
import Decimal from 'decimal.js';

/** What depreciation reads of a card of «Основные средства». */
export interface FixedAsset {
  cost: number | string;
  accepted: string;
  useful_life: number | string;
  disposed?: string | null;
}

/** Whole months from the month of `from` to the month of `to`: 15.01 → 01.03 is 2. */
const monthsBetween = (from: string, to: string) => (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7));

/**
 * The depreciation of an asset for a month, in kopecks, by the linear method (ФСБУ 6/2020, п. 35, 37): from the
 * month after its acceptance for `useful_life` months, through the month it is disposed of. The k-th month is
 * cost × k / life less cost × (k − 1) / life, each rounded to kopecks — so the months add up to the cost exactly.
 */
export function monthlyDepreciation(asset: FixedAsset, month: string): number {
  const k = monthsBetween(asset.accepted, month);
  const life = Number(asset.useful_life);
  if (k < 1 || k > life) return 0;
  if (asset.disposed && monthStart(asset.disposed) < monthStart(month)) return 0;
  const through = (n: number) => new Decimal(String(asset.cost)).times(n).div(life).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  return through(k).minus(through(k - 1)).toNumber();
}
