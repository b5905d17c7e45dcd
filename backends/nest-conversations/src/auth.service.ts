import { Inject, Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { UsersService, UserSummary } from './users.service';

export const JWT_SECRET = Symbol('JWT_SECRET');

/** Signs and checks the JWTs (HS256, payload {sub, username}) that REST and the socket require. */
@Injectable()
export class AuthService {
  constructor(@Inject(JWT_SECRET) private readonly secret: string, private readonly users: UsersService) {}

  /** Minimal sign-in for tests: the seed's login lives in another service it does not describe. */
  login(username: string): { access_token: string; user: UserSummary } {
    const user = this.users.findOrCreate(username);
    const accessToken = jwt.sign({ sub: user.id, username: user.username }, this.secret, { expiresIn: '7d' });
    return { access_token: accessToken, user };
  }

  /** The user a token names, or null for a missing, forged, expired or orphaned token. */
  verify(token: unknown): UserSummary | null {
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096) return null;
    try {
      const payload = jwt.verify(token.replace(/^Bearer\s+/i, ''), this.secret, { algorithms: ['HS256'] });
      if (typeof payload !== 'object' || typeof payload.sub !== 'string') return null;
      return this.users.findById(payload.sub) ?? null;
    } catch {
      return null;
    }
  }
}
