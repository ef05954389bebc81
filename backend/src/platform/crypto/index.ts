export { DataEncryption, PLATFORM_SCOPE } from './data-encryption.service';
export { masterKeyFrom, masterKeyOf, type MasterKey, type MasterKeyRing } from './master-key';
