import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';

/** argon2id with the library's recommended defaults. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verifying against a real hash when the e-mail is unknown keeps the response time the same,
// so timing does not reveal which e-mails have accounts.
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hash('workcloud-dummy-password-for-timing');
  await verifyPassword(await dummyHash, password);
}

export const PLATFORM_MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

// backend/data/common-passwords-100k.txt.gz (see backend/data/README.md), from src/ and from dist/ alike.
const COMMON_LIST = path.resolve(__dirname, '..', '..', '..', 'data', 'common-passwords-100k.txt.gz');
let common: Set<string> | undefined;
/** Whether a password is among the 100,000 most common ones (case does not matter); the list is read once. */
export function isCommonPassword(password: string): boolean {
  common ??= new Set(gunzipSync(readFileSync(COMMON_LIST)).toString('utf8').split('\n').map((p) => p.trim().toLowerCase()).filter(Boolean));
  return common.has(password.toLowerCase());
}

/** The platform's password rules that need nothing but the password, with messages that tell the person what to change. */
export const passwordSchema = z
  .string({ message: 'Укажите пароль' })
  .min(PLATFORM_MIN_PASSWORD_LENGTH, `Пароль должен быть не короче ${PLATFORM_MIN_PASSWORD_LENGTH} символов`)
  .max(MAX_PASSWORD_LENGTH, `Пароль должен быть не длиннее ${MAX_PASSWORD_LENGTH} символов`)
  .refine((p) => !/^(.)\1+$/.test(p), 'Пароль не должен состоять из одного повторяющегося символа')
  .refine((p) => !isCommonPassword(p), 'Этот пароль есть в списке самых распространённых — его подбирают первым. Придумайте другой');

/** Letters and digits only, lower case, «ё» as «е»: how names are compared with passwords. */
function folded(text: string): string {
  return text.toLowerCase().replace(/ё/g, 'е').replace(/[^\p{L}\p{N}]+/gu, '');
}

// Legal forms and quotes are not part of what a person would type from a company name.
const LEGAL_FORM = /^(ооо|оао|зао|пао|ао|ип|нко|ано|фгуп|муп|гуп|llc|ltd|inc|gmbh)\s+/i;

export interface PasswordContext {
  /** The person's e-mail: its local part (name before @) must not be in the password. */
  email?: string;
  /** Names of the person's companies: none may be in the password. */
  companyNames?: string[];
  /** The longest minimum length any of the person's companies demands (platform minimum when absent). */
  minLength?: number;
}

/** Everything wrong with a password, as messages for the person (empty: it may be used). */
export function passwordProblems(password: string, context: PasswordContext = {}): string[] {
  const result = passwordSchema.safeParse(password);
  const problems = result.success ? [] : result.error.issues.map((i) => i.message);
  const minLength = Math.max(context.minLength ?? 0, PLATFORM_MIN_PASSWORD_LENGTH);
  if (minLength > PLATFORM_MIN_PASSWORD_LENGTH && password.length < minLength) problems.push(`Ваша компания требует пароль не короче ${minLength} символов`);
  const plain = folded(password);
  const local = folded(context.email?.split('@')[0] ?? '');
  if (local.length >= 4 && plain.includes(local)) problems.push('Пароль не должен содержать имя почтового ящика');
  for (const name of context.companyNames ?? []) {
    const company = folded(name.trim().replace(LEGAL_FORM, ''));
    if (company.length >= 4 && plain.includes(company)) {
      problems.push('Пароль не должен содержать название компании');
      break;
    }
  }
  return problems;
}
