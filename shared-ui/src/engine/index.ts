/** Metadata-driven pages for any module of the configuration engine (lists, forms, reports). */
export * from './types';
export * from './api';
export * from './values';
export * from './computed';
export * from './i18n';
export * from './display';
export { FieldInput, RefInput, RefName, useRefName, type InputField, type FieldInputProps } from './FieldInput';
export { LinesEditor, type Line } from './LinesEditor';
export { EngineListPage, type EngineListProps } from './EngineListPage';
export { EngineFormPage, type EngineFormProps } from './EngineFormPage';
export { EngineReportPage, type EngineReportProps } from './EngineReportPage';
export { BarChart } from './BarChart';
export { downloadWithToken } from './download';
export { EngineModuleRoot, engineMenu, type EngineOverrides } from './EngineModuleRoot';
export { localizeMeta } from './localize';
