/**
 * Text encoding of a 1CClientBankExchange file. Banks write windows-1251 (Кодировка=Windows) or
 * CP866 (Кодировка=DOS), but files are also re-saved as UTF-8 with the old header left in place,
 * so the header alone cannot be trusted.
 */
import { isUtf8 } from 'node:buffer';
import { decode } from 'iconv-lite';

export type BankFileEncoding = 'utf-8' | 'windows-1251' | 'cp866';

const SINGLE_BYTE_ENCODINGS = ['windows-1251', 'cp866'] as const;

const DECLARED_ENCODINGS: Record<string, BankFileEncoding> = {
  windows: 'windows-1251',
  dos: 'cp866',
};

/**
 * 1. Valid UTF-8 is UTF-8: Cyrillic text in windows-1251 or CP866 practically never is.
 * 2. Otherwise the Кодировка line decides; we find it by decoding the start of the file both ways,
 *    since the key is readable only in the file's own encoding.
 * 3. Without a usable Кодировка line, the decoding that yields more Cyrillic letters wins.
 */
export function detectEncoding(bytes: Buffer): BankFileEncoding {
  if (isUtf8(bytes)) return 'utf-8';
  return declaredEncoding(bytes) ?? encodingWithMostCyrillic(bytes);
}

export function decodeBankFile(bytes: Buffer): string {
  const encoding = detectEncoding(bytes);
  // TextDecoder drops a UTF-8 byte order mark, which some editors add.
  return encoding === 'utf-8' ? new TextDecoder('utf-8').decode(bytes) : decode(bytes, encoding);
}

/** The header is at the top; no need to decode a whole statement twice. */
const HEADER_BYTES = 4096;

function declaredEncoding(bytes: Buffer): BankFileEncoding | undefined {
  const start = bytes.subarray(0, HEADER_BYTES);
  for (const candidate of SINGLE_BYTE_ENCODINGS) {
    const declared = /^Кодировка=(.*)$/m.exec(decode(start, candidate));
    if (declared) return DECLARED_ENCODINGS[declared[1].trim().toLowerCase()];
  }
  return undefined;
}

function encodingWithMostCyrillic(bytes: Buffer): BankFileEncoding {
  const cyrillicLetters = (encoding: BankFileEncoding) => decode(bytes, encoding).match(/[А-яЁё]/g)?.length ?? 0;
  return cyrillicLetters('cp866') > cyrillicLetters('windows-1251') ? 'cp866' : 'windows-1251';
}
