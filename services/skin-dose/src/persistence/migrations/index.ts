export const SKIN_DOSE_MIGRATIONS: Function[] = [];
