import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AccessTokenClaims, Role } from '@app/auth';
import { UserErrorCode, UserServiceError } from '../errors/user-service.error';
import { UserRecord, UsersService } from '../users/users.service';
import { AuthResponseDto } from './dto/auth-response.dto';
import { LoginDto } from './dto/login.dto';
import { RegisterDto } from './dto/register.dto';
import { LoginThrottle } from './login-throttle.service';
import { PasswordHasher } from './password-hasher.service';
import { RefreshTokensService } from './refresh-tokens.service';

/** Identity rules: who may get tokens, and for which account. */
@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly refreshTokens: RefreshTokensService,
    private readonly passwords: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottle,
  ) {}

  /** Self-registration always makes a customer; admins come only from the start-up bootstrap. */
  async register(dto: RegisterDto): Promise<AuthResponseDto> {
    const passwordHash = await this.passwords.hash(dto.password);
    const user = await this.users.create({ name: dto.name, email: dto.email, passwordHash, role: Role.Customer });
    return this.startSession(user);
  }

  /** `client`: the caller's address, for the per-client failure count. */
  async login(dto: LoginDto, client: string): Promise<AuthResponseDto> {
    await this.throttle.check(dto.email, client);
    const user = await this.users.findCredentials(dto.email);
    const valid = user
      ? await this.passwords.verify(user.passwordHash, dto.password)
      : await this.passwords.verifyDecoy(dto.password);
    if (!user || !valid) {
      await this.throttle.failed(dto.email, client);
      throw new UserServiceError(UserErrorCode.InvalidCredentials);
    }
    await this.throttle.succeeded(dto.email);
    const { passwordHash: _, ...account } = user;
    return this.startSession(account);
  }

  /** Exchanges a refresh token for a new pair; the access token carries the account's current role. */
  async refresh(presented: string): Promise<AuthResponseDto> {
    const { userId, refreshToken } = await this.refreshTokens.rotate(presented);
    const user = await this.users.findById(userId);
    if (!user) throw new UserServiceError(UserErrorCode.RefreshInvalid);
    return this.respond(user, refreshToken);
  }

  logout(presented: string): Promise<void> {
    return this.refreshTokens.revoke(presented);
  }

  private async startSession(user: UserRecord): Promise<AuthResponseDto> {
    return this.respond(user, await this.refreshTokens.issue(user._id));
  }

  private async respond(user: UserRecord, refreshToken: string): Promise<AuthResponseDto> {
    const claims: AccessTokenClaims = { sub: user._id, email: user.email, role: user.role };
    const token = await this.jwt.signAsync(claims);
    return { _id: user._id, name: user.name, email: user.email, role: user.role, token, refreshToken };
  }
}
