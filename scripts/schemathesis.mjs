#!/usr/bin/env node
// node scripts/schemathesis.mjs install — installs the pinned schemathesis into .infra/ (the contract suite
// does it on demand; this is for a machine that reaches PyPI before a run that does not).
import { InfraError, fail } from './lib/proc.mjs';
import { BIN, ensure } from './lib/schemathesis.mjs';

const USAGE = 'usage: node scripts/schemathesis.mjs install';

async function main(command) {
  if (command !== 'install') fail(command ? `unknown command "${command}"` : 'no command given', USAGE);
  await ensure();
  console.log(BIN);
}

main(process.argv[2]).catch((err) => fail(err instanceof InfraError ? err : (err.stack ?? String(err))));
