import { ParsedReport } from './parsed-report.entity';
import { ParsedReportVersion } from './parsed-report-version.entity';

/** Every entity of the parser database (its migrations cover exactly these). */
export const PARSER_ENTITIES = [ParsedReport, ParsedReportVersion];
