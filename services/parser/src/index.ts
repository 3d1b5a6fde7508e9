export * from './parser.module';
export * from './parser-options';
export * from './config';
export { assembleStudy } from './study-assembly/assemble-study';
export { PARSER_ENTITIES } from './persistence/entities';
export { PARSER_MIGRATIONS, PARSER_SQLITE_MIGRATIONS } from './persistence/migrations';
