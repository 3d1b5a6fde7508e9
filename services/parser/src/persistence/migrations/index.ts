export const PARSER_MIGRATIONS: Function[] = [];
