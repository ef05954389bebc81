import { describe, expect, it } from 'vitest';
import { goodsDocument } from './__fixtures__/documents';
import { expectEmbeddedDejaVu, pageCount, pdfText, savePdf } from './__fixtures__/pdf-tools';
import { renderInvoiceForPayment } from './invoice-for-payment';

describe('renderInvoiceForPayment', () => {
  it('prints the bank requisites, parties, lines, totals and the amount in words', async () => {
    const file = savePdf('invoice-for-payment', await renderInvoiceForPayment(goodsDocument));
    const text = pdfText(file);

    expect(text).toContain('Счёт на оплату № ТТ-000123 от 26.11.2026');
    expect(text).toContain('ИНН 7701234567');
    expect(text).toContain('ИНН 7802345678');
    expect(text).toContain('БИК 044525225');
    expect(text).toContain('40702810938000012345');
    expect(text).toContain('Договор поставки № 15/26 от 12.01.2026');
    expect(text).toContain('Ноутбук Lenovo ThinkPad E14 Gen 6');
    expect(text).toContain('149 000,00'); // line 1 amount without VAT
    expect(text).toContain('152,5'); // quantity keeps only the decimals it needs
    expect(text).toContain('В том числе НДС: 37 677,75');
    expect(text).toContain('Всего к оплате: 208 940,25');
    expect(text).toContain('Всего наименований 3, на сумму 208 940,25 руб.');
    expect(text).toContain('Двести восемь тысяч девятьсот сорок рублей 25 копеек');
    expect(text).toContain('Иванов И. И.');
    expect(pageCount(file)).toBe(1);
    expectEmbeddedDejaVu(file);
  });

  it('says «Без налога (НДС)» when the seller charges no VAT', async () => {
    const lines = goodsDocument.lines.map((line) => ({
      ...line,
      vatRateLabel: 'без НДС' as const,
      vatKopecks: 0,
      totalKopecks: line.amountKopecks,
    }));
    const totals = { amountKopecks: 17_126_250, vatKopecks: 0, totalKopecks: 17_126_250 };
    const file = savePdf('invoice-without-vat', await renderInvoiceForPayment({ ...goodsDocument, lines, totals }));
    const text = pdfText(file);

    expect(text).toContain('Без налога (НДС) -');
    expect(text).not.toContain('В том числе НДС');
    expect(text).toContain('Сто семьдесят одна тысяча двести шестьдесят два рубля 50 копеек');
  });
});
