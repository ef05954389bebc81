import type { PrintDocument, PrintParty } from '../types';

// Realistic sample documents for the print form tests. Amounts are computed by hand:
// amount = price × quantity, VAT 22 %, total = amount + VAT.

export const seller: PrintParty = {
  name: 'ООО «Техноторг»',
  inn: '7701234567',
  kpp: '770101001',
  okpo: '12345678',
  address: '123112, г. Москва, Пресненская наб., д. 12, офис 305',
  phone: '+7 495 123-45-67',
  bankName: 'ПАО СБЕРБАНК, г. Москва',
  bik: '044525225',
  corrAccount: '30101810400000000225',
  account: '40702810938000012345',
};

export const buyer: PrintParty = {
  name: 'ООО «Северный склад»',
  inn: '7802345678',
  kpp: '780201001',
  okpo: '87654321',
  address: '194044, г. Санкт-Петербург, Лесной пр-т, д. 19, лит. А, пом. 7-Н',
  bankName: 'АО «АЛЬФА-БАНК», г. Москва',
  bik: '044525593',
  corrAccount: '30101810200000000593',
  account: '40702810401300054321',
};

/** Goods: for the Счёт, УПД and ТОРГ-12. Total 208 940,25 ₽, of which НДС 37 677,75 ₽. */
export const goodsDocument: PrintDocument = {
  number: 'ТТ-000123',
  date: '2026-11-26',
  seller,
  buyer,
  basis: 'Договор поставки № 15/26 от 12.01.2026',
  sellerSigners: { head: 'Иванов И. И.', headPosition: 'Генеральный директор', accountant: 'Петрова А. С.' },
  lines: [
    {
      name: 'Ноутбук Lenovo ThinkPad E14 Gen 6, 16 ГБ / 512 ГБ SSD',
      code: 'LT-E14G6',
      unit: 'шт',
      unitCode: '796',
      quantity: '2',
      priceKopecks: 7_450_000,
      amountKopecks: 14_900_000,
      vatRateLabel: '22%',
      vatKopecks: 3_278_000,
      totalKopecks: 18_178_000,
      countryCode: '156',
      countryName: 'КИТАЙ',
      customsDeclaration: '10702070/150926/3123456/1',
    },
    {
      name: 'Бумага офисная SvetoCopy A4, 80 г/м², 500 листов',
      code: 'SC-A4-500',
      unit: 'пач',
      unitCode: '728',
      quantity: '40',
      priceKopecks: 38_500,
      amountKopecks: 1_540_000,
      vatRateLabel: '22%',
      vatKopecks: 338_800,
      totalKopecks: 1_878_800,
    },
    {
      name: 'Кабель витая пара U/UTP кат. 5e, 4 пары, медь',
      code: 'UTP5E-CU',
      unit: 'м',
      unitCode: '006',
      quantity: '152.500',
      priceKopecks: 4_500,
      amountKopecks: 686_250,
      vatRateLabel: '22%',
      vatKopecks: 150_975,
      totalKopecks: 837_225,
    },
  ],
  totals: { amountKopecks: 17_126_250, vatKopecks: 3_767_775, totalKopecks: 20_894_025 },
};

/** Services: for the Акт. Total 91 500,00 ₽, of which НДС 16 500,00 ₽. */
export const servicesDocument: PrintDocument = {
  number: '457',
  date: '2026-11-30',
  seller,
  buyer,
  basis: 'Договор на техническое обслуживание № 7-ТО от 01.02.2026',
  sellerSigners: { head: 'Иванов И. И.', headPosition: 'Генеральный директор' },
  lines: [
    {
      name: 'Монтаж локальной вычислительной сети на 24 рабочих места',
      unit: 'усл',
      unitCode: '876',
      quantity: '1',
      priceKopecks: 4_800_000,
      amountKopecks: 4_800_000,
      vatRateLabel: '22%',
      vatKopecks: 1_056_000,
      totalKopecks: 5_856_000,
    },
    {
      name: 'Настройка сетевого оборудования',
      unit: 'ч',
      unitCode: '356',
      quantity: '6',
      priceKopecks: 250_000,
      amountKopecks: 1_500_000,
      vatRateLabel: '22%',
      vatKopecks: 330_000,
      totalKopecks: 1_830_000,
    },
    {
      name: 'Абонентское техническое обслуживание за ноябрь 2026 г.',
      unit: 'мес',
      unitCode: '362',
      quantity: '1',
      priceKopecks: 1_200_000,
      amountKopecks: 1_200_000,
      vatRateLabel: '22%',
      vatKopecks: 264_000,
      totalKopecks: 1_464_000,
    },
  ],
  totals: { amountKopecks: 7_500_000, vatKopecks: 1_650_000, totalKopecks: 9_150_000 },
};
