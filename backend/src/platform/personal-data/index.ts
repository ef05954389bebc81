import type { Provider, Type } from '@nestjs/common';
import { ErasureService } from './erasure.service';
import { PersonalDataExport } from './export.service';
import { AdminErasureController, MyPersonalDataController, OwnerErasureController } from './personal-data.controller';

/** 152-ФЗ: a person's export of their data and erasure on request (processed by a company admin or the owner). */
export const personalDataControllers: Type[] = [MyPersonalDataController, AdminErasureController, OwnerErasureController];
export const personalDataProviders: Provider[] = [ErasureService, PersonalDataExport];
