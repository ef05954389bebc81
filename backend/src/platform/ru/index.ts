// Russian formats: identifiers (ИНН, КПП, ОГРН, БИК, accounts), VAT, 1CClientBankExchange files.
export * from './identifiers';
export * from './vat';
export * from './bank-exchange';
