import { arrayOf, bool, dateTime, int, nullable, objectOf, str, uuid, type Schema } from '../http/openapi-responses';

/** What the sign-in routes answer. */
const tokenFields = {
  accessToken: str('JWT для заголовка Authorization: Bearer'),
  refreshToken: str('Для POST /api/auth/refresh (браузер получает его и в cookie wc_refresh; при обновлении по cookie в ответе его нет)'),
  tokenType: str('Всегда Bearer', { enum: ['Bearer'] }),
  expiresIn: int('Сколько секунд действует accessToken'),
};
export const tokenPairSchema: Schema = objectOf(tokenFields, ['accessToken', 'tokenType', 'expiresIn']);

export const tenantChoiceSchema: Schema = objectOf(
  {
    tenantRequired: { type: 'boolean', enum: [true], description: 'Выберите компанию и войдите снова с tenantId' },
    tenants: { type: 'array', items: objectOf({ id: uuid(), name: str() }) },
  },
  ['tenantRequired', 'tenants'],
  'Человек работает в нескольких компаниях, а tenantId не указан',
);

export const secondFactorStepSchema: Schema = objectOf(
  {
    secondFactor: str('code — введите код из приложения; enrol — компания требует второй фактор: подключите приложение', { enum: ['code', 'enrol'] }),
    challengeToken: str('Для POST /api/auth/login/two-factor'),
    expiresIn: int('Сколько секунд действует challengeToken'),
  },
  ['secondFactor', 'challengeToken', 'expiresIn'],
  'Пароль верный, нужен второй шаг',
);

export const loginAnswerSchema: Schema = { oneOf: [tokenPairSchema, tenantChoiceSchema, secondFactorStepSchema] };

const recoveryCodes = arrayOf(str(), 'Десять одноразовых кодов восстановления: показываются один раз');
export const secondFactorAnswerSchema: Schema = objectOf({ ...tokenFields, recoveryCodes }, ['accessToken', 'refreshToken', 'tokenType', 'expiresIn']);
export const recoveryCodesSchema: Schema = objectOf({ recoveryCodes });
export const enrolmentSchema: Schema = objectOf({
  secret: str('Секрет (base32) для ввода в приложение вручную'),
  otpauthUri: str('otpauth://totp/… — содержимое QR-кода'),
  qrDataUrl: str('QR-код: data:image/png;base64,…'),
});
export const twoFactorStatusSchema: Schema = objectOf({ enabled: bool('Двухфакторная защита включена'), recoveryCodesLeft: int('Сколько кодов восстановления осталось') });

export const sessionSchema: Schema = objectOf({
  id: uuid(),
  current: bool('Это сессия, из которой сделан запрос'),
  device: str('Браузер и система, например «Chrome, Windows»'),
  userAgent: nullable(str()),
  ip: nullable(str('Адрес последнего обновления сессии')),
  tenant: nullable(objectOf({ id: uuid(), name: str() })),
  factor: str('Как вошли: password, totp, recovery_code'),
  createdAt: dateTime(),
  lastUsedAt: dateTime('Последнее обновление токена (раз в 15 минут работы)'),
});
export const endedSchema: Schema = objectOf({ ended: int('Сколько сессий завершено') });
export const passwordResetSchema: Schema = objectOf({ email: str('Чей пароль изменён') });
