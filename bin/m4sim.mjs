#!/usr/bin/env node
// m4sim's command: loads the TypeScript sources through tsx, then runs the CLI.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../sim/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
