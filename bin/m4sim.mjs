#!/usr/bin/env node
// m4sim's command: loads the TypeScript sources through tsx, then runs the CLI.
import { register } from 'tsx/esm/api';
// the fast path with the WebAssembly tier (sim/jit/wasm/) unless M4SIM_JIT says otherwise
// (M4SIM_JIT=runner: the JavaScript block runner alone; M4SIM_FAST=0: the interpreter)
process.env.M4SIM_JIT ??= 'wasm';
register();
const { main } = await import('../sim/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
