// Shared arithmetic of the ARMv7-M pseudocode (Arm ARMv7-M ARM, A2.2 and A5.3.2). Results
// that produce a carry return the value and leave the carry in `carryOut`, to avoid
// allocating a tuple on the hot path.

/** Carry produced by the last shiftC / thumbExpandImmC call. */
export let carryOut = 0;
export const SRType_LSL = 0;
export const SRType_LSR = 1;
export const SRType_ASR = 2;
export const SRType_ROR = 3;
export const SRType_RRX = 4;

/** Shift_C(value, type, amount, carry_in). amount may be 0..255 (register shifts). */
export function shiftC(value: number, type: number, amount: number, carryIn: number): number {
  value >>>= 0;
  if (amount === 0) {
    carryOut = carryIn;
    return value;
  }
  switch (type) {
    case SRType_LSL:
      if (amount < 32) {
        carryOut = (value >>> (32 - amount)) & 1;
        return (value << amount) >>> 0;
      }
      carryOut = amount === 32 ? value & 1 : 0;
      return 0;
    case SRType_LSR:
      if (amount < 32) {
        carryOut = (value >>> (amount - 1)) & 1;
        return value >>> amount;
      }
      carryOut = amount === 32 ? value >>> 31 : 0;
      return 0;
    case SRType_ASR:
      if (amount < 32) {
        carryOut = (value >>> (amount - 1)) & 1;
        return (value | 0) >> amount >>> 0;
      }
      carryOut = value >>> 31;
      return carryOut ? 0xffffffff : 0;
    case SRType_ROR: {
      const s = amount & 31;
      const r = s === 0 ? value : ((value >>> s) | (value << (32 - s))) >>> 0;
      carryOut = r >>> 31;
      return r;
    }
    default: {
      // RRX
      carryOut = value & 1;
      return ((carryIn << 31) | (value >>> 1)) >>> 0;
    }
  }
}

/** ThumbExpandImm_C(imm12, carry_in) (A5.3.2). */
export function thumbExpandImmC(imm12: number, carryIn: number): number {
  if ((imm12 >>> 10) === 0) {
    const imm8 = imm12 & 0xff;
    carryOut = carryIn;
    switch ((imm12 >>> 8) & 3) {
      case 0:
        return imm8;
      case 1:
        return ((imm8 << 16) | imm8) >>> 0;
      case 2:
        return ((imm8 << 24) | (imm8 << 8)) >>> 0;
      default:
        return ((imm8 << 24) | (imm8 << 16) | (imm8 << 8) | imm8) >>> 0;
    }
  }
  const unrotated = 0x80 | (imm12 & 0x7f);
  const rot = (imm12 >>> 7) & 0x1f;
  const r = ((unrotated >>> rot) | (unrotated << (32 - rot))) >>> 0;
  carryOut = r >>> 31;
  return r;
}

export function signExtend(value: number, bits: number): number {
  const s = 32 - bits;
  return (value << s) >> s;
}

/** High word of the 64-bit product of the last umull/smull call. */
export let mulHi = 0;

/** The unsigned 64-bit product of two 32-bit values (UMULL): returns the low word; the
 * high word is left in `mulHi`. Exact, without BigInt: 16-bit partial products. */
export function umull(a: number, b: number): number {
  a >>>= 0;
  b >>>= 0;
  const al = a & 0xffff;
  const ah = a >>> 16;
  const bl = b & 0xffff;
  const bh = b >>> 16;
  const ll = al * bl;
  const lh = al * bh;
  const hl = ah * bl;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  mulHi = (ah * bh + (lh >>> 16) + (hl >>> 16) + (mid >>> 16)) >>> 0;
  return ((mid << 16) | (ll & 0xffff)) >>> 0;
}

/** The signed 64-bit product of two 32-bit values (SMULL): returns the low word; the high
 * word is left in `mulHi`. */
export function smull(a: number, b: number): number {
  const lo = umull(a, b);
  let hi = mulHi;
  if ((a | 0) < 0) hi -= b >>> 0;
  if ((b | 0) < 0) hi -= a >>> 0;
  mulHi = hi >>> 0;
  return lo;
}
