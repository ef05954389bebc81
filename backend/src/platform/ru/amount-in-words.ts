/**
 * Сумма прописью: the amount in words that Russian invoices, acts and waybills print
 * under the totals, e.g. 12200 kopecks → «Сто двадцать два рубля 00 копеек».
 *
 * Rubles are spelled out, kopecks stay as two digits (the usual accounting style).
 * The input is integer kopecks, never a float, so no rounding happens here.
 */

/** Word forms for 1, 2–4 and 5–20 (and 0): «рубль», «рубля», «рублей». */
type PluralForms = readonly [one: string, few: string, many: string];

const ONES_MASCULINE = ['', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'];
// Тысяча is feminine: «одна тысяча», «две тысячи».
const ONES_FEMININE = ['', 'одна', 'две', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'];
const TEENS = [
  'десять', 'одиннадцать', 'двенадцать', 'тринадцать', 'четырнадцать',
  'пятнадцать', 'шестнадцать', 'семнадцать', 'восемнадцать', 'девятнадцать',
];
const TENS = ['', '', 'двадцать', 'тридцать', 'сорок', 'пятьдесят', 'шестьдесят', 'семьдесят', 'восемьдесят', 'девяносто'];
const HUNDREDS = ['', 'сто', 'двести', 'триста', 'четыреста', 'пятьсот', 'шестьсот', 'семьсот', 'восемьсот', 'девятьсот'];

/** Groups of three digits, from thousands up; index 0 (units) carries no word of its own. */
const SCALES: readonly { forms: PluralForms; feminine: boolean }[] = [
  { forms: ['', '', ''], feminine: false },
  { forms: ['тысяча', 'тысячи', 'тысяч'], feminine: true },
  { forms: ['миллион', 'миллиона', 'миллионов'], feminine: false },
  { forms: ['миллиард', 'миллиарда', 'миллиардов'], feminine: false },
  { forms: ['триллион', 'триллиона', 'триллионов'], feminine: false },
];

const RUBLE: PluralForms = ['рубль', 'рубля', 'рублей'];
const KOPECK: PluralForms = ['копейка', 'копейки', 'копеек'];

/** Picks the form that agrees with `n`: 1, 21 → one; 2–4, 22 → few; 0, 5–20, 111 → many. */
function pluralRu(n: bigint | number, forms: PluralForms): string {
  const lastTwo = Number(BigInt(n) % 100n);
  const last = lastTwo % 10;
  if (lastTwo >= 11 && lastTwo <= 14) return forms[2];
  if (last === 1) return forms[0];
  if (last >= 2 && last <= 4) return forms[1];
  return forms[2];
}

/** 0–999 in words; empty for 0, since a zero group is simply skipped. */
function tripletInWords(n: number, feminine: boolean): string[] {
  const words = [HUNDREDS[Math.floor(n / 100)]];
  const lastTwo = n % 100;
  if (lastTwo >= 10 && lastTwo < 20) {
    words.push(TEENS[lastTwo - 10]);
  } else {
    words.push(TENS[Math.floor(lastTwo / 10)]);
    words.push((feminine ? ONES_FEMININE : ONES_MASCULINE)[lastTwo % 10]);
  }
  return words.filter((w) => w !== '');
}

/** Whole number of rubles in words, without the currency word: 1001 → «одна тысяча один». */
function integerInWords(value: bigint): string {
  if (value === 0n) return 'ноль';
  const words: string[] = [];
  let rest = value;
  for (let scale = 0; rest > 0n; scale++) {
    const group = Number(rest % 1000n);
    rest /= 1000n;
    if (group === 0) continue;
    const { forms, feminine } = SCALES[scale];
    const scaleWord = scale === 0 ? [] : [pluralRu(group, forms)];
    words.unshift(...tripletInWords(group, feminine), ...scaleWord);
  }
  return words.join(' ');
}

const MAX_KOPECKS = 10n ** BigInt(3 * SCALES.length) * 100n - 1n;

/**
 * Amount in words, capitalised: 2100 → «Двадцать один рубль 00 копеек».
 * Throws for fractional, negative or unspeakably large amounts (over 999 триллионов рублей).
 */
export function amountInWords(kopecks: number | bigint): string {
  if (typeof kopecks === 'number' && !Number.isSafeInteger(kopecks)) {
    throw new Error(`amountInWords: expected integer kopecks, got ${kopecks}`);
  }
  const total = BigInt(kopecks);
  if (total < 0n) throw new Error(`amountInWords: negative amount ${total}`);
  if (total > MAX_KOPECKS) throw new Error(`amountInWords: amount too large: ${total}`);

  const rubles = total / 100n;
  const kop = total % 100n;
  const text =
    `${integerInWords(rubles)} ${pluralRu(rubles, RUBLE)} ` +
    `${kop.toString().padStart(2, '0')} ${pluralRu(kop, KOPECK)}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}
