export * from './roles';
export * from './auth-user';
export * from './access-token.verifier';
export * from './guards';
export * from './current-user.decorator';
export * from './auth.module';
