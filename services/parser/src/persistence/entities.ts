import { ParsedReport } from './parsed-report.entity';

/** Every entity of the parser database (its migrations cover exactly these). */
export const PARSER_ENTITIES = [ParsedReport];
