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

/** The password policy, with messages that tell the person what to change. */
export const passwordSchema = z
  .string({ message: 'Укажите пароль' })
  .min(10, 'Пароль должен быть не короче 10 символов')
  .max(200, 'Пароль должен быть не длиннее 200 символов')
  .refine((p) => /\p{L}/u.test(p) && /\d/.test(p), 'Пароль должен содержать и буквы, и цифры')
  .refine((p) => !/^(.)\1+$/.test(p), 'Пароль не должен состоять из одного повторяющегося символа');

export function passwordProblems(password: string, email?: string): string[] {
  const result = passwordSchema.safeParse(password);
  const problems = result.success ? [] : result.error.issues.map((i) => i.message);
  if (email && password.toLowerCase().includes(email.split('@')[0].toLowerCase()) && email.split('@')[0].length >= 4)
    problems.push('Пароль не должен содержать имя почтового ящика');
  return problems;
}
