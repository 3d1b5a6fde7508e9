/** Bumped whenever a change can alter a computed dose; stored with every result. */
export const ALGORITHM_VERSION = 'kerma-skin-dose 1.2.0';
