// What every `ruche` command declares, and the error that ends one with a one-line reason.
import type { ParseArgsConfig } from 'node:util';

export class CliError extends Error {}

export type Options = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | undefined>;

export type Command = {
  /** Words that select it, e.g. `admin create`. */
  name: string;
  summary: string;
  usage: string;
  /** Extra lines for --help: options and examples. */
  details: string[];
  options: Options;
  /** Positional arguments after the command words. */
  positionals: { min: number; max: number };
  run(values: Values, positionals: string[]): Promise<void>;
};

export function required(values: Values, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new CliError(`--${name} is required`);
  return value;
}

export function optional(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/** Output for people; the last line of some commands is read by scripts. */
export function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}
