import { randomBytes } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import * as argon2 from 'argon2';

/** argon2id hashing, plus a decoy check so a login for an unknown email costs as much as a real one. */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private dummyHash: string;

  async onModuleInit(): Promise<void> {
    // Made up front: computing it on the first unknown-email login would make that login slower, and telling.
    this.dummyHash = await this.hash(randomBytes(32).toString('base64url'));
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
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
