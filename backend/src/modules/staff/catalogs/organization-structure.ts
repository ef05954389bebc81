import { defineCatalog } from '../../../platform/engine/declarations';
import { accountantKeeps, organization } from '../fields';

/** Подразделения: a tree per organization (`parent`); moving a department is changing its parent. */
export const departments = defineCatalog({
  code: 'departments',
  group: 'structure',
  title: 'Подразделения',
  titleEn: 'Departments',
  fields: {
    organization,
    parent: { type: 'ref', ref: 'departments', title: 'Входит в' },
  },
  defaultAccess: accountantKeeps,
});

/** Должности. */
export const positions = defineCatalog({
  code: 'positions',
  group: 'structure',
  title: 'Должности',
  titleEn: 'Positions',
  fields: {},
  defaultAccess: accountantKeeps,
});
