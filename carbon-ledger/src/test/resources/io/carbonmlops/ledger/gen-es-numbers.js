// Regenerates es-numbers.txt: "<64-bit pattern in hex> <Number.prototype.toString of that double>" per line,
// the reference the Java JCS number writer is tested against. Run: node gen-es-numbers.js > es-numbers.txt
const buf = Buffer.alloc(8);
let seed = 20261130n;
function next64() { // xorshift64*, fixed seed: the file is reproducible
  seed ^= seed >> 12n; seed ^= (seed << 25n) & 0xffffffffffffffffn; seed ^= seed >> 27n;
  return (seed * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn;
}
const patterns = [
  0x0000000000000000n, 0x8000000000000000n, 0x0000000000000001n, 0x8000000000000001n, 0x7fefffffffffffffn,
  0xffefffffffffffffn, 0x4340000000000000n, 0xc340000000000000n, 0x4430000000000000n, 0x44b52d02c7e14af5n,
  0x44b52d02c7e14af6n, 0x44b52d02c7e14af7n, 0x444b1ae4d6e2ef4en, 0x444b1ae4d6e2ef4fn, 0x444b1ae4d6e2ef50n,
  0x3eb0c6f7a0b5ed8cn, 0x3eb0c6f7a0b5ed8dn, 0x41b3de4355555553n, 0x41b3de4355555554n, 0x41b3de4355555555n,
  0x41b3de4355555556n, 0x41b3de4355555557n, 0xbecbf647612f3696n, 0x43143ff3c1cb0959n, 0x0010000000000000n,
  0x000fffffffffffffn, 0x3ff0000000000000n, 0x3fb999999999999an, 0x3fd5555555555555n, 0x4415af1d78b58c40n,
];
for (let e = 0n; e < 2047n; e += 1n) patterns.push(e << 52n, (e << 52n) | 0xfffffffffffffn); // powers of two, edges
for (let i = 0; i < 4000; i++) {
  const bits = next64();
  if (((bits >> 52n) & 0x7ffn) !== 0x7ffn) patterns.push(bits);
}
for (let i = 0; i < 2000; i++) { // short decimals: the common case in measurements
  const v = Number((Number(next64() % 100000000n) / 10 ** Number(next64() % 12n)).toPrecision(1 + Number(next64() % 9n)));
  buf.writeDoubleBE(v); patterns.push(buf.readBigUInt64BE());
}
for (const bits of patterns) {
  buf.writeBigUInt64BE(bits);
  console.log(bits.toString(16).padStart(16, '0') + ' ' + buf.readDoubleBE().toString());
}
