/*
 * RFC 6238 TOTP (SHA-1, 6 digits, 30 s) for accounts whose 2FA secret the
 * tests know. A code is single use on the server, so a second login inside
 * the same 30 s step waits for the next step.
 */
import { createHmac } from 'node:crypto'

function base32(s) {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = ''
  for (const ch of s.replace(/[\s=]/g, '').toUpperCase()) {
    const v = abc.indexOf(ch)
    if (v < 0) throw new Error('TOTP 密钥不是合法的 base32')
    bits += v.toString(2).padStart(5, '0')
  }
  const out = []
  for (let i = 0; i + 8 <= bits.length; i += 8) out.push(parseInt(bits.slice(i, i + 8), 2))
  return Buffer.from(out)
}

export function totpAt(secret, step) {
  const msg = Buffer.alloc(8)
  msg.writeBigUInt64BE(BigInt(step))
  const h = createHmac('sha1', base32(secret)).update(msg).digest()
  const o = h[h.length - 1] & 15
  const n = (h.readUInt32BE(o) & 0x7fffffff) % 1e6
  return String(n).padStart(6, '0')
}

const lastStep = new Map()

/* A fresh code: waits for the next 30 s step if this one was used. */
export async function freshTotp(secret) {
  let step = Math.floor(Date.now() / 30000)
  if (lastStep.get(secret) === step) {
    await new Promise((r) => setTimeout(r, (step + 1) * 30000 - Date.now() + 200))
    step = Math.floor(Date.now() / 30000)
  }
  lastStep.set(secret, step)
  return totpAt(secret, step)
}
