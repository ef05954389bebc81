import { describe, expect, it } from 'vitest';
import { goodsDocument } from './__fixtures__/documents';
import { expectEmbeddedDejaVu, pageCount, pdfText, savePdf } from './__fixtures__/pdf-tools';
import { renderTorg12 } from './torg12';

describe('renderTorg12', () => {
  it('prints the parties with codes, the 15 columns, totals and the amount in words', async () => {
    const file = savePdf('torg12', await renderTorg12(goodsDocument));
    const text = pdfText(file);

    expect(text).toContain('Унифицированная форма № ТОРГ-12');
    expect(text).toContain('ТОВАРНАЯ НАКЛАДНАЯ');
    expect(text).toContain('Номер документа Дата составления ТТ-000123 26.11.2026');
    expect(text).toContain('Грузоотправитель ООО «Техноторг», ИНН 7701234567, КПП 770101001');
    expect(text).toContain('Плательщик ООО «Северный склад», ИНН 7802345678, КПП 780201001');
    expect(text).toContain('Форма по ОКУД 0330212');
    expect(text).toContain('12345678'); // ОКПО of the shipper
    expect(text).toContain('Сумма с учетом НДС, руб. коп.');
    expect(text).toContain('152,5 45,00 6 862,50 22% 1 509,75 8 372,25'); // line 3, columns 10–15
    // Quantities add up exactly: 2 + 40 + 152.5.
    expect(text).toContain('Всего по накладной 194,5 Х 171 262,50 Х 37 677,75 208 940,25');
    expect(text).toContain('Двести восемь тысяч девятьсот сорок рублей 25 копеек');
    expect(text).toContain('Отпуск груза разрешил');
    expect(text).toContain('Груз получил грузополучатель');
    expect(pageCount(file)).toBe(1);
    expectEmbeddedDejaVu(file);
  });
});
