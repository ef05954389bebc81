import { usnBook } from './book';
import { usnTaxReport } from './tax';

/** УСН: КУДиР and the tax with its advances (see README). */
export const usnDeclarations = [usnBook, usnTaxReport];
export const usnMenuGroup = { code: 'usn', title: 'УСН', titleEn: 'Simplified tax' };
