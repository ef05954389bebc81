import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { goodsDocument } from './__fixtures__/documents';
import { ARTIFACTS_DIR, expectEmbeddedDejaVu, pageCount, pdfText, savePdf } from './__fixtures__/pdf-tools';
import type { UpdDocument } from './types';
import { renderUpd } from './upd';

const upd: UpdDocument = { ...goodsDocument, status: 1 };

describe('renderUpd', () => {
  it('prints the счёт-фактура header, the official columns, totals and the transfer part', async () => {
    const file = savePdf('upd', await renderUpd(upd));
    const text = pdfText(file);

    expect(text).toContain('Универсальный передаточный документ');
    expect(text).toContain('Статус: 1');
    expect(text).toContain('Счет-фактура № ТТ-000123 от 26.11.2026');
    expect(text).toContain('ИНН/КПП продавца: 7701234567/770101001');
    expect(text).toContain('ИНН/КПП покупателя: 7802345678/780201001');
    expect(text).toContain('Грузоотправитель и его адрес: он же');
    expect(text).toContain('Документ об отгрузке № п/п 1–3 № ТТ-000123 от 26.11.2026');
    expect(text).toContain('Российский рубль, 643');
    for (const header of ['Код товара/ работ, услуг', 'Код вида товара', 'Единица измерения', 'Налоговая ставка']) {
      expect(text).toContain(header);
    }
    expect(text).toContain('Страна происхождения товара');
    expect(text).toContain('без акциза');
    expect(text).toContain('149 000,00'); // line 1 amount without VAT
    expect(text).toContain('10702070/150926/3123456/1');
    expect(text).toContain('Всего к оплате (9) 171 262,50 Х 37 677,75 208 940,25');
    expect(text).toContain('Документ составлен на 1 листе');
    expect(text).toContain('Основание передачи (сдачи) / получения (приемки) Договор поставки № 15/26 от 12.01.2026');
    expect(text).toContain('[19]');
    expect(pageCount(file)).toBe(1);
    expectEmbeddedDejaVu(file);

    // A picture of page 1 for a human to check the layout (test-artifacts is git-ignored).
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, path.join(ARTIFACTS_DIR, 'upd')]);
  });

  it('prints status 2 for a transfer document without счёт-фактура', async () => {
    const file = savePdf('upd-status-2', await renderUpd({ ...upd, status: 2 }));
    expect(pdfText(file)).toContain('Статус: 2');
  });

  it('repeats the table header when the lines run onto a second page', async () => {
    const lines = Array.from({ length: 40 }, (_, i) => ({ ...goodsDocument.lines[i % 3] }));
    const file = savePdf('upd-long', await renderUpd({ ...upd, lines }));
    const text = pdfText(file);
    const pages = pageCount(file);
    expect(pages).toBeGreaterThan(1);
    expect(text.match(/Код вида товара/g)?.length).toBeGreaterThan(1);
    expect(text).toContain('40 Ноутбук Lenovo'); // the last line made it
    expect(text).toContain(`Документ составлен на ${pages} листах`);
  });
});
