import { describe, expect, it } from 'vitest';
import { servicesDocument } from './__fixtures__/documents';
import { expectEmbeddedDejaVu, pageCount, pdfText, savePdf } from './__fixtures__/pdf-tools';
import { renderAct } from './act';

describe('renderAct', () => {
  it('prints the parties, services, totals, amount in words and both signature blocks', async () => {
    const file = savePdf('act', await renderAct(servicesDocument));
    const text = pdfText(file);

    expect(text).toContain('Акт № 457 от 30.11.2026');
    expect(text).toContain('Исполнитель: ООО «Техноторг», ИНН 7701234567, КПП 770101001');
    expect(text).toContain('Заказчик: ООО «Северный склад», ИНН 7802345678');
    expect(text).toContain('Настройка сетевого оборудования');
    expect(text).toContain('48 000,00'); // line 1 amount without VAT
    expect(text).toContain('В том числе НДС: 16 500,00');
    expect(text).toContain('Всего к оплате: 91 500,00');
    expect(text).toContain('Всего оказано услуг 3, на сумму 91 500,00 руб.');
    expect(text).toContain('Девяносто одна тысяча пятьсот рублей 00 копеек');
    expect(text).toContain('ИСПОЛНИТЕЛЬ');
    expect(text).toContain('ЗАКАЗЧИК');
    expect(pageCount(file)).toBe(1);
    expectEmbeddedDejaVu(file);
  });
});
