export * from './model';
export * from './api';
export { parseDoseReport } from './parse-dose-report';
export { identifyDicomObject } from './identify-dicom-object';
export { classifyReport } from './classify-report';
export { summarizeEvents } from './report/event-sums';
export { UNIT_TABLE, CANONICAL_UNITS, type Dimension, type UnitDefinition, type CanonicalUnit } from './units/unit-table';
export { convertToUnit } from './units/convert';
export { VENDOR_ADAPTERS } from './vendors';
