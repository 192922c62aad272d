import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

type EnvClass<T> = new () => T;

/**
 * Builds the `validate` hook for ConfigModule: the environment is checked once
 * at start-up against one typed class, and every problem is reported together.
 */
export function validateEnv<T extends object>(schema: EnvClass<T>) {
  return (raw: Record<string, unknown>): T => {
    const env = plainToInstance(schema, raw, { exposeDefaultValues: true });
    const errors = validateSync(env, { skipMissingProperties: false });
    const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}));
    problems.push(...crossChecks(env));
    if (problems.length > 0) {
      throw new Error(
        `Invalid environment:\n  - ${problems.join('\n  - ')}\nSet the variables above (see README.md, "Environment").`,
      );
    }
    return env;
  };
}

/**
 * This process's environment, validated and refused as ConfigModule's hook
 * does it: for what exists before Nest's ConfigModule does (the logger, the
 * HTTP adapter). The one place outside ConfigModule that reads process.env.
 */
export function loadEnv<T extends object>(schema: EnvClass<T>): T {
  return validateEnv(schema)(process.env);
}

/** Rules that span several variables; an app env may add its own. */
export interface EnvCrossChecks {
  crossCheck(): string[];
}

function crossChecks(env: object): string[] {
  const check = (env as Partial<EnvCrossChecks>).crossCheck;
  return typeof check === 'function' ? check.call(env) : [];
}
