import { hash, verify } from '@node-rs/argon2'

/** Argon2id with the library's defaults (19 MiB, t=2, p=1: OWASP's minimum); salt per hash. */
export function hashPassword(password: string): Promise<string> {
  return hash(password)
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password)
  } catch {
    return false
  }
}

/** A hash of nothing, verified against when the email is unknown, so timing does not tell. */
let decoy: Promise<string> | undefined
export function decoyHash(): Promise<string> {
  decoy ??= hash('winnow-decoy-password')
  return decoy
}

export const MIN_PASSWORD_LENGTH = 10
