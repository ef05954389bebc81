import { it } from 'vitest';
import { goodsDocument } from './__fixtures__/documents';
import { renderUpd } from './upd';
import { renderInvoiceForPayment } from './invoice-for-payment';
it('timing', async () => {
  for (let i = 0; i < 3; i++) {
    let t = performance.now();
    await renderUpd({ ...goodsDocument, status: 1 });
    console.log('upd', performance.now() - t);
    t = performance.now();
    await renderInvoiceForPayment(goodsDocument);
    console.log('inv', performance.now() - t);
  }
});
