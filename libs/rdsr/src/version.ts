/** Bumped whenever a change can alter what is read from a report; stored with every parsed revision. */
export const PARSER_VERSION = 'kerma-rdsr 1.1.0';
