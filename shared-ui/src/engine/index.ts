/**
 * Metadata-driven pages for any module of the configuration engine (lists, forms, reports).
 * Its light parts (types, texts, values, the menu) are in ../core, for module home cards.
 */
export * from './api';
export * from './computed';
export * from './display';
export { FieldInput, RefInput, RefName, useRefName, type InputField, type FieldInputProps } from './FieldInput';
export { LinesEditor, type Line } from './LinesEditor';
export { EngineListPage, type EngineListProps } from './EngineListPage';
export { EngineFormPage, type EngineFormProps } from './EngineFormPage';
export { EngineReportPage, type EngineReportProps } from './EngineReportPage';
export { BarChart } from './BarChart';
export { downloadWithToken } from './download';
export { EngineModuleRoot, type EngineOverrides } from './EngineModuleRoot';
export { localizeMeta } from './localize';
