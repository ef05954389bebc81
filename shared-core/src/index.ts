/**
 * @workcloud/shared-core: what the backend and the UI must compute the same way, in one place.
 *   money.ts       kopecks ⇄ text: '1234.56', «1 234,56 ₽», parsing what people type
 *   arithmetic.ts  quantity × price, VAT in/on top, proration, sums, proportional split (decimal.js, half-up)
 *   quantity.ts    quantities as exact decimal strings: parsing with a scale, «12 500,5»
 *   dates.ts       business dates: today in a time zone, month start/end, IANA zone validation
 *   api/           types of API answers and bodies the backend sends and the UIs read (types only)
 * No React, no Node-only modules: it runs in browsers and in Node alike.
 */
export * from './money';
export * from './arithmetic';
export * from './quantity';
export * from './dates';
export type * from './api';
