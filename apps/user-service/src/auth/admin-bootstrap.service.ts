import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Role } from '@app/auth';
import { UserErrorCode, UserServiceError } from '../errors/user-service.error';
import { UsersService } from '../users/users.service';
import { ADMIN_NAME, AdminAccount, adminAccount, DEV_ADMIN_PASSWORD, UserEnv } from '../user.env';
import { PasswordHasher } from './password-hasher.service';

export type AdminBootstrapOutcome = 'created' | 'exists' | 'refused';

/**
 * Makes sure the configured admin account exists before traffic arrives. It
 * only ever creates: an existing admin keeps its password, and an existing
 * customer with that email is never promoted, since whoever registered it
 * would then hold admin. In production it first refuses to start while any
 * admin still has the development password, as an admin made on a dev stack
 * would otherwise survive the switch.
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminBootstrapService.name);

  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordHasher,
    private readonly config: ConfigService<UserEnv, true>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const admin = adminAccount({
      ADMIN_EMAIL: this.config.get('ADMIN_EMAIL', { infer: true }),
      ADMIN_PASSWORD: this.config.get('ADMIN_PASSWORD', { infer: true }),
    });
    if (this.config.get('NODE_ENV', { infer: true }) === 'production') await this.refuseDefaultPasswords();
    await this.ensureAdmin(admin);
  }

  /** Throws, so that start-up fails with the reason, when an admin's password is the development default. */
  async refuseDefaultPasswords(): Promise<void> {
    for (const admin of await this.users.adminCredentials()) {
      if (await this.passwords.verify(admin.passwordHash, DEV_ADMIN_PASSWORD)) {
        throw new Error(
          `admin account ${admin.email} still has the development default password; with NODE_ENV=production ` +
            'change its password, or remove the account, before starting',
        );
      }
    }
  }

  async ensureAdmin(admin: AdminAccount): Promise<AdminBootstrapOutcome> {
    const existing = await this.users.findCredentials(admin.email);
    if (existing) return this.judgeExisting(admin.email, existing.role);
    const passwordHash = await this.passwords.hash(admin.password);
    try {
      await this.users.create({ name: ADMIN_NAME, email: admin.email, passwordHash, role: Role.Admin });
    } catch (error) {
      // Another instance starting at the same moment created it first.
      if (!(error instanceof UserServiceError && error.code === UserErrorCode.EmailTaken)) throw error;
      const winner = await this.users.findCredentials(admin.email);
      return this.judgeExisting(admin.email, winner?.role);
    }
    this.logger.log(`created admin account ${admin.email}`);
    return 'created';
  }

  private judgeExisting(email: string, role: Role | undefined): AdminBootstrapOutcome {
    if (role === Role.Admin) {
      this.logger.log(`admin account ${email} exists; left as it is`);
      return 'exists';
    }
    this.logger.error(
      `ADMIN_EMAIL ${email} belongs to an existing ${role ?? 'unknown'} account; it was NOT promoted. ` +
        'Set ADMIN_EMAIL to an address nobody has registered, or promote the account by hand if it is yours.',
    );
    return 'refused';
  }
}
