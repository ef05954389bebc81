import { int, objectOf, str, uuid, type Schema } from '../http/openapi-responses';

/** What the sign-in routes answer. */
export const tokenPairSchema: Schema = objectOf({
  accessToken: str('JWT для заголовка Authorization: Bearer'),
  refreshToken: str('Для POST /api/auth/refresh'),
  tokenType: str('Всегда Bearer', { enum: ['Bearer'] }),
  expiresIn: int('Сколько секунд действует accessToken'),
});

export const tenantChoiceSchema: Schema = objectOf(
  {
    tenantRequired: { type: 'boolean', enum: [true], description: 'Выберите компанию и войдите снова с tenantId' },
    tenants: { type: 'array', items: objectOf({ id: uuid(), name: str() }) },
  },
  ['tenantRequired', 'tenants'],
  'Человек работает в нескольких компаниях, а tenantId не указан',
);

export const loginAnswerSchema: Schema = { oneOf: [tokenPairSchema, tenantChoiceSchema] };
export const passwordResetSchema: Schema = objectOf({ email: str('Чей пароль изменён') });
