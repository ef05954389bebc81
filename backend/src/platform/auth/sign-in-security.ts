import type { Provider, Type } from '@nestjs/common';
import { PasskeysController } from './passkeys.controller';
import { PasskeyService } from './passkeys.service';
import { ProfileSecurityController } from './profile-security.controller';
import { SessionService } from './sessions.service';
import { SignInAdminController } from './sign-in-admin.controller';
import { SignInLinkController } from './sign-in-link.controller';
import { SsoAdminController } from './sso-admin.controller';
import { SsoController } from './sso.controller';
import { SsoService } from './sso.service';
import { TwoFactorService } from './two-factor.service';

/**
 * Sign-in security beyond the password (issue 11): the second factor (TOTP + recovery codes), sessions a person
 * sees and ends, the company's login journal and 2FA requirement, sign-in through the company's identity provider (SSO) and its sign-in link /login/<slug>. AuthService uses the services for the sign-in itself.
 */
export const signInSecurityControllers: Type[] = [ProfileSecurityController, SignInAdminController, SsoController, SsoAdminController, SignInLinkController, PasskeysController];
export const signInSecurityProviders: Provider[] = [TwoFactorService, SessionService, SsoService, PasskeyService];
