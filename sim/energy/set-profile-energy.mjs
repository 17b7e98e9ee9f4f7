// Writes the "energy" key of a profile JSON from a JSON file, leaving every other key as it
// is (other engineers own them): node sim/energy/set-profile-energy.mjs PROFILE.json ENERGY.json
import { readFileSync, writeFileSync } from 'node:fs';
const [profile, energy] = process.argv.slice(2);
const p = JSON.parse(readFileSync(profile, 'utf8'));
p.energy = JSON.parse(readFileSync(energy, 'utf8'));
writeFileSync(profile, JSON.stringify(p, null, 2) + '\n');
