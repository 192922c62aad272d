export * from './fake-model';
export * from './saga-event.factory';
export * from './error-code';
