import { describe, expect, it } from 'vitest';
import { SberProvider, TBankProvider, YooKassaProvider, createPaymentProvider } from './index';

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
});
