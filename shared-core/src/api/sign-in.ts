/** GET /api/admin/login-journal: how an attempt ended, as the admin filters it. */
export type JournalResult = 'success' | 'wrong_password' | 'throttled' | 'two_factor_failed' | 'refused';

export interface JournalEntry {
  id: number;
  at: string;
  email: string;
  userId: string | null;
  fullName: string | null;
  ip: string | null;
  userAgent: string | null;
  result: JournalResult;
  resultTitle: string;
  factor: 'password' | 'totp' | 'recovery_code' | 'sso' | 'passkey' | null;
}

export interface JournalFilter {
  userId?: string;
  result?: JournalResult;
  /** 'YYYY-MM-DD', inclusive. */
  from?: string;
  to?: string;
}

/** GET/PUT /api/admin/security/two-factor. */
export interface TwoFactorPolicy {
  required: 'none' | 'all' | 'roles';
  roleIds: string[];
}

/** GET /api/admin/security/sso: a company's identity provider as its admin sees it — never the client secret, only whether one is kept. */
export interface SsoSettings {
  configured: boolean;
  displayName: string;
  issuer: string;
  clientId: string;
  clientSecretSet: boolean;
  emailDomain: string;
  passwordSignIn: boolean;
  jitRoleId: string | null;
  /** The address to register at the provider as the client's redirect URI. */
  redirectUri: string;
}

/** PUT /api/admin/security/sso. */
export interface SsoSettingsInput {
  displayName: string;
  issuer: string;
  clientId: string;
  /** Absent: keep the stored one. */
  clientSecret?: string;
  emailDomain: string;
  passwordSignIn: boolean;
  jitRoleId: string | null;
}
