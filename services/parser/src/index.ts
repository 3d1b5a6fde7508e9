export * from './parser.module';
export * from './parser-options';
export * from './config';
export { assembleStudy } from './study-assembly/assemble-study';
