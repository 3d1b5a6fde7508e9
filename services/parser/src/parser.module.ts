import { Module, type DynamicModule } from '@nestjs/common';
import { serviceDatabaseImports } from '@kerma/platform';
import { PARSER_OPTIONS, type ParserOptions } from './parser-options';
import { ReportParserService } from './parsing/report-parser.service';
import { PARSER_ENTITIES } from './persistence/entities';
import { PARSER_MIGRATIONS, PARSER_SQLITE_MIGRATIONS } from './persistence/migrations';
import { RdsrReceivedConsumer } from './rdsr-received/rdsr-received.consumer';
import { StudyAssemblyService } from './study-assembly/study-assembly.service';

export const PARSER_DATABASE = 'parser';

/** Reads stored dose reports into the normalized procedure and announces each study's current state. */
@Module({})
export class ParserModule {
  static register(options: ParserOptions): DynamicModule {
    const database = {
      service: PARSER_DATABASE,
      target: options.database,
      entities: PARSER_ENTITIES,
      migrations: PARSER_MIGRATIONS,
      sqliteMigrations: PARSER_SQLITE_MIGRATIONS,
    };
    return {
      module: ParserModule,
      imports: serviceDatabaseImports(database),
      controllers: [RdsrReceivedConsumer],
      providers: [{ provide: PARSER_OPTIONS, useValue: options }, ReportParserService, StudyAssemblyService],
    };
  }
}
