// The connection's authentication: socket.io middleware that hands the
// CONNECT packet's auth object to the caller's `authenticate` and refuses the
// connection with CONNECT_ERROR when it names no user (docs/protocol.md,
// "Connection and auth"). The refusal's message never repeats the token, and
// nothing here logs the auth object.

/** @typedef {import('./store.mjs').User} User */

/**
 * Maps the CONNECT packet's auth object (`{token: "..."}`, or anything a
 * client sent) to the user it identifies, or null (or undefined, or false) to
 * refuse it. May return a promise. Must not throw for bad input; a throw is
 * treated as a server failure.
 * @callback Authenticate
 * @param {unknown} auth
 * @returns {User | null | undefined | false | Promise<User | null | undefined | false>}
 */

/** The refusal of a token that names no user. */
export const INVALID_TOKEN = 'invalid token';

/** The refusal when authenticating failed on the server's side. */
export const AUTHENTICATION_FAILED = 'authentication failed';

/** @param {any} user @returns {user is User} */
export const isUser = (user) =>
  user !== null && typeof user === 'object' && typeof user.id === 'string' && user.id !== '' && typeof user.name === 'string';

/**
 * @param {Authenticate} authenticate
 * @param {(socket: import('socket.io').Socket, user: User) => void} accept  records the user of an accepted socket
 * @param {(error: unknown, context: string) => void} onError
 * @returns {(socket: import('socket.io').Socket, next: (error?: Error) => void) => void}
 */
export function createAuthMiddleware(authenticate, accept, onError) {
  return (socket, next) => {
    /** @param {unknown} error */
    const fail = (error) => {
      onError(error, 'authenticate');
      next(new Error(AUTHENTICATION_FAILED));
    };
    /** @param {unknown} user */
    const decide = (user) => {
      if (user === null || user === undefined || user === false) return next(new Error(INVALID_TOKEN));
      if (!isUser(user)) return fail(new TypeError('authenticate must return {id: non-empty string, name: string} or null'));
      // A copy: the engine relies on the user not changing under it.
      accept(socket, Object.freeze({ id: user.id, name: user.name }));
      next();
    };
    /** @type {any} */
    let result;
    try {
      result = authenticate(socket.handshake.auth);
    } catch (error) {
      fail(error);
      return;
    }
    if (typeof result?.then === 'function') result.then(decide, fail);
    else decide(result);
  };
}
