// Addresses and words in messages: 0x and eight hex digits.
export function hex8(n: number): string {
  return '0x' + (n >>> 0).toString(16).padStart(8, '0');
}
