export const HISTORY_MIGRATIONS: Function[] = [];
