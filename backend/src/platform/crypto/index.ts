export { DataEncryption, PLATFORM_SCOPE } from './data-encryption.service';
export { masterKeyFrom, type MasterKey } from './master-key';
