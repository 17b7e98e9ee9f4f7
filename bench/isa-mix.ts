// The dynamic instruction mix of a firmware run, by exec function (the decoder's semantic
// routine, sim/isa/*.ts): which instruction forms a translator must cover first, and how much
// of the run the first N forms cover. A retire observer counts every executed instruction.
// Usage: npx tsx bench/isa-mix.ts [--elf firmware/elf/vae-u8.elf] [--semihost-root DIR]
//        [--max-instructions 2e7] [--top 40]
import { Session } from '../sim/session.ts';
import type { RetireObserver } from '../sim/core/cpu.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
};
const elf = opt('--elf', 'firmware/elf/vae-u8.elf');
const root = opt('--semihost-root', elf.includes('vae') ? 'profiles/baselines/vae-run' : '');
const max = Number(opt('--max-instructions', '2e7'));
const top = Number(opt('--top', '40'));

const s = new Session({ elf, semihostRoot: root || undefined, stdout: () => {} });
const count = new Map<string, number>();
let n = 0;
const observer: RetireObserver = {
  retired(_cpu, op, executed) {
    if (!executed) return;
    n++;
    const k = op.exec.name || op.mnem;
    count.set(k, (count.get(k) ?? 0) + 1);
  },
};
s.sys.cpu.observer = observer;
const r = s.run({ maxInstructions: max });
const rows = [...count].sort((a, b) => b[1] - a[1]);
console.log(`${elf}: ${n} executed instructions (stop: ${r.stop.kind}), ${rows.length} exec functions`);
console.log('| # | exec function | % | cumulative % |\n|---|---|---|---|');
let acc = 0;
rows.slice(0, top).forEach(([k, v], i) => {
  acc += v;
  console.log(`| ${i + 1} | ${k} | ${((100 * v) / n).toFixed(1)} | ${((100 * acc) / n).toFixed(1)} |`);
});
