import type { Provider } from '@nestjs/common';
import { CatalogsService } from './catalogs.service';
import { CustomFieldsService } from './custom-fields.service';
import { DocumentHooks } from './document-hooks';
import { DocumentReader } from './document-reader';
import { HookDocumentsFactory } from './hook-documents';
import { HookRepostService } from './hook-repost.service';
import { DocumentsService } from './documents.service';
import { PeriodLockService } from './period-lock.service';
import { PersonalFields } from './personal-fields';
import { DataEncryption } from '../crypto/data-encryption.service';
import { PostingService } from './posting.service';
import { PrintService } from './print.service';
import { RegisterReadService } from './register-read.service';
import { ReportsService } from './reports.service';
import { UserDefaultsService } from './user-defaults';

/**
 * The configuration engine's services, one job each: catalog CRUD, document saving and numbering,
 * posting, the registers' read API, reports, print forms — and what they share (custom fields, the
 * closed period, document reads). Registered together in the application (app.ts).
 */
export const engineProviders: Provider[] = [
  CustomFieldsService,
  DocumentReader,
  DocumentHooks,
  HookDocumentsFactory,
  HookRepostService,
  RegisterReadService,
  PeriodLockService,
  DataEncryption,
  PersonalFields,
  CatalogsService,
  UserDefaultsService,
  PostingService,
  DocumentsService,
  ReportsService,
  PrintService,
];

export { CatalogsService, CustomFieldsService, DocumentReader, DocumentsService, PeriodLockService, PostingService, PrintService, RegisterReadService, ReportsService };
export { parseListQuery, type ListQuery } from './list-query';
export { ruDate } from './dates';
