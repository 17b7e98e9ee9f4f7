// A sweep worker thread: runs configurations for the main thread (comlink).
import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { runConfig } from './sweep.ts';

if (parentPort === null) throw new Error('sim/sweep/worker.ts runs in a worker thread');
expose({ run: runConfig }, nodeEndpoint(parentPort));
