import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { Role } from '@app/auth';
import { ensureIndexes, insertOnce, isMongoId } from '@app/common';
import { UserErrorCode, UserServiceError } from '../errors/user-service.error';
import { UserProfileDto } from './dto/user-profile.dto';
import { User } from './user.schema';

export interface NewUser {
  name: string;
  email: string;
  passwordHash: string;
  role: Role;
}

/** A stored account as the rest of the service sees it; `passwordHash` only from findCredentials. */
export type UserRecord = UserProfileDto;
export type UserWithCredentials = UserRecord & { passwordHash: string };

@Injectable()
export class UsersService implements OnModuleInit {
  constructor(@InjectModel(User.name) private readonly users: Model<User>) {}

  onModuleInit(): Promise<void> {
    return ensureIndexes(this.users);
  }

  /** Fails with USER_EMAIL_TAKEN when the unique email index refuses the insert. */
  async create(input: NewUser): Promise<UserRecord> {
    const created = await insertOnce(this.users, input);
    if (!created) throw new UserServiceError(UserErrorCode.EmailTaken);
    return toRecord(created.toObject());
  }

  async findCredentials(email: string): Promise<UserWithCredentials | null> {
    const user = await this.users
      .findOne({ email: normaliseEmail(email) })
      .select('+passwordHash')
      .lean()
      .exec();
    return user && { ...toRecord(user), passwordHash: user.passwordHash };
  }

  /** Every admin account with its password hash: admins are few, and this runs once, at start-up. */
  async adminCredentials(): Promise<UserWithCredentials[]> {
    const admins = await this.users.find({ role: Role.Admin }).select('+passwordHash').lean().exec();
    return admins.map((user) => ({ ...toRecord(user), passwordHash: user.passwordHash }));
  }

  async findById(id: string): Promise<UserRecord | null> {
    if (!isMongoId(id)) return null;
    const user = await this.users.findById(id).lean().exec();
    return user && toRecord(user);
  }

  async profile(id: string): Promise<UserProfileDto> {
    const user = await this.findById(id);
    if (!user) throw new UserServiceError(UserErrorCode.UserNotFound);
    return user;
  }
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function toRecord(doc: User & { _id: unknown }): UserRecord {
  return { _id: String(doc._id), name: doc.name, email: doc.email, role: doc.role, createdAt: doc.createdAt };
}
