export { testEvent, testProcedure, type EventSpec, type ProcedureSpec } from './procedure-builder';
