import { ApiKeysController } from './api-keys.controller';
import { ApiKeyService } from './api-keys.service';

export const apiKeyControllers = [ApiKeysController];
export const apiKeyProviders = [ApiKeyService];
