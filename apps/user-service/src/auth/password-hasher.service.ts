import { randomBytes } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id hashing (@node-rs/argon2's default algorithm, with OWASP's
 * recommended cost: 19 MiB, 2 passes), plus a decoy check so a login for an unknown
 * email costs as much as a real one. Prebuilt binaries, no install script:
 * nothing is compiled on `npm ci`.
 */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private dummyHash: string;

  async onModuleInit(): Promise<void> {
    // Made up front: computing it on the first unknown-email login would make that login slower, and telling.
    this.dummyHash = await this.hash(randomBytes(32).toString('base64url'));
  }

  hash(password: string): Promise<string> {
    return hash(password);
  }

  async verify(stored: string, password: string): Promise<boolean> {
    try {
      return await verify(stored, password);
    } catch {
      return false; // a malformed stored hash matches nothing
    }
  }

  /** Spends the time of a real verification and always fails. */
  async verifyDecoy(password: string): Promise<false> {
    await this.verify(this.dummyHash, password);
    return false;
  }
}
