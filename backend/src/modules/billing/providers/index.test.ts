import { describe, expect, it } from 'vitest';
import { ProviderError, SberProvider, TBankProvider, YooKassaProvider, createPaymentProvider } from './index';

describe('createPaymentProvider', () => {
  it('builds the adapter for each code from its config', () => {
    expect(createPaymentProvider('yookassa', { shopId: '1', secretKey: 's' })).toBeInstanceOf(YooKassaProvider);
    expect(createPaymentProvider('tbank', { terminalKey: 't', password: 'p' })).toBeInstanceOf(TBankProvider);
    expect(createPaymentProvider('sber', { userName: 'u', password: 'p', callbackToken: 'c' })).toBeInstanceOf(SberProvider);
  });

  it('refuses a config without its secrets', () => {
    expect(() => createPaymentProvider('yookassa', { shopId: '1', secretKey: '' })).toThrow(/secretKey/);
    expect(() => createPaymentProvider('tbank', { terminalKey: 't', password: '' })).toThrow(/password/);
    expect(() => createPaymentProvider('sber', { userName: 'u', password: 'p', callbackToken: '' })).toThrow(/callbackToken/);
  });

  it('reports a provider that does not answer as ProviderError with code network', async () => {
    const sber = createPaymentProvider('sber', { userName: 'u', password: 'p', callbackToken: 'c', baseUrl: 'http://127.0.0.1:1/payment/rest' });
    const attempt = sber.getPayment('any');
    await expect(attempt).rejects.toBeInstanceOf(ProviderError);
    await expect(attempt).rejects.toMatchObject({ code: 'network' });
  });
});
