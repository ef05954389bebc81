import { describe, expect, test } from 'vitest';
import { invoicePurpose } from '../../src/modules/billing/invoicing.service';
import { gostPaymentPayload, paymentQrPng } from '../../src/modules/billing/payment-qr';

/** The Счёт's payment QR code: its text by ГОСТ Р 56042-2014, as a banking app reads it. */
describe('payment QR code (ГОСТ Р 56042-2014)', () => {
  const seller = {
    name: 'ООО «ВоркКлауд Тест»',
    inn: '7707083893',
    kpp: '770701001',
    address: 'г. Москва',
    bankName: 'ПАО СБЕРБАНК, г. Москва',
    bik: '044525225',
    corrAccount: '30101810400000000225',
    account: '40702810938000099999',
  };

  test('ST00012 (UTF-8), the required fields in order, ИНН, КПП, the sum in kopecks and the purpose', () => {
    // 3 100,00 ₽ with VAT 22/122 = 559,02 ₽.
    const purpose = invoicePurpose('WC-000042', '2026-04-01', 55902);
    expect(purpose).toBe('Оплата по счёту № WC-000042 от 01.04.2026 за доступ к WorkCloud. В т.ч. НДС 559,02 руб.');
    expect(gostPaymentPayload(seller, 310000, purpose)).toBe(
      'ST00012|Name=ООО «ВоркКлауд Тест»|PersonalAcc=40702810938000099999|BankName=ПАО СБЕРБАНК, г. Москва|BIC=044525225' +
        '|CorrespAcc=30101810400000000225|PayeeINN=7707083893|KPP=770701001|Sum=310000' +
        '|Purpose=Оплата по счёту № WC-000042 от 01.04.2026 за доступ к WorkCloud. В т.ч. НДС 559,02 руб.',
    );
  });

  test('a "|" inside a value cannot end it; an entrepreneur without КПП has no KPP; long values are cut to the standard', () => {
    const payload = gostPaymentPayload({ ...seller, name: 'ИП Иванов | Сервис', kpp: undefined, bankName: 'Б'.repeat(60) }, 100, 'x');
    expect(payload.split('|')).toEqual(['ST00012', 'Name=ИП Иванов / Сервис', 'PersonalAcc=40702810938000099999', `BankName=${'Б'.repeat(45)}`, 'BIC=044525225', 'CorrespAcc=30101810400000000225', 'PayeeINN=7707083893', 'Sum=100', 'Purpose=x']);
  });

  test('the PNG is a QR code image', async () => {
    const png = await paymentQrPng('ST00012|Name=Тест|PersonalAcc=40702810938000099999|BankName=Банк|BIC=044525225|CorrespAcc=30101810400000000225');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });
});
