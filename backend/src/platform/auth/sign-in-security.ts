import type { Provider, Type } from '@nestjs/common';
import { ProfileSecurityController } from './profile-security.controller';
import { SessionService } from './sessions.service';
import { SignInAdminController } from './sign-in-admin.controller';
import { TwoFactorService } from './two-factor.service';

/**
 * Sign-in security beyond the password (issue 11): the second factor (TOTP + recovery codes), sessions a person
 * sees and ends, the company's login journal and 2FA requirement. AuthService uses the services for the sign-in itself.
 */
export const signInSecurityControllers: Type[] = [ProfileSecurityController, SignInAdminController];
export const signInSecurityProviders: Provider[] = [TwoFactorService, SessionService];
