// Messages of the event contracts built for tests. A project of its own rather than part of @kerma/testing's src:
// it builds on @kerma/contracts and @kerma/rdsr, whose own specs use @kerma/testing (a dependency cycle otherwise).
export * from './rdsr-received';
export * from './study-parsed';
export * from './skin-dose-calculated';
