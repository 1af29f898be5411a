/**
 * Where Redis is. `connection` is what ioredis takes; the CLI's `--redis`
 * URL is turned into the same object here.
 */
import { RepsimError } from '../base/errors.js';
import { loadIoredis } from './queue-modules.js';

const CONNECT_TIMEOUT_MS = 10_000;

/**
 * ioredis connection options: `{host, port}`, `{path}` for a Unix socket,
 * plus `password`, `username`, `db`, `tls` and the rest of ioredis's options.
 */
export interface ConnectionOptions {
  readonly host?: string;
  readonly port?: number;
  readonly path?: string;
  readonly username?: string;
  readonly password?: string;
  readonly db?: number;
  readonly tls?: object;
  readonly [option: string]: unknown;
}

/**
 * ioredis options from a URL: `redis://[user:password@]host[:port][/db]`,
 * `rediss://…` (TLS), or `unix:///path/to/redis.sock` (also a bare absolute path).
 * @throws RepsimError `BAD_OPTION` for anything else
 */
export function connectionFromUrl(text: string): ConnectionOptions {
  if (text.startsWith('/')) return { path: text };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RepsimError(
      'BAD_OPTION',
      `--redis: '${text}' is not a URL; e.g. redis://localhost:6379 or unix:///run/redis.sock`,
    );
  }
  if (url.protocol === 'unix:') return { path: decodeURIComponent(url.pathname) };
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new RepsimError('BAD_OPTION', `--redis: '${text}': expected redis://, rediss:// or unix://`);
  }
  const db = url.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db))
    throw new RepsimError('BAD_OPTION', `--redis: '${text}': the database must be a number`);
  return {
    host: url.hostname || 'localhost',
    port: url.port === '' ? 6379 : Number(url.port),
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(db === '' ? {} : { db: Number(db) }),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/** `host:port` or the socket path, for messages. */
export function describeConnection(connection: ConnectionOptions): string {
  if (typeof connection.path === 'string') return connection.path;
  return `${connection.host ?? 'localhost'}:${connection.port ?? 6379}`;
}

/**
 * Checks that Redis answers at `connection` before BullMQ connects: ioredis
 * retries a missing server forever (and BullMQ's close then waits on it), so
 * without this a submitter or worker pointed at the wrong address would hang.
 * @throws RepsimError `UNREACHABLE` naming the address, after at most 10 s
 */
export async function ensureReachable(connection: ConnectionOptions): Promise<void> {
  const Redis = loadIoredis();
  const client = new Redis({
    ...(connection as Record<string, unknown>),
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new RepsimError(
      'UNREACHABLE',
      `cannot reach Redis at ${describeConnection(connection)}: ${(error as Error).message}; is redis-server running there?`,
      { cause: error },
    );
  } finally {
    client.disconnect();
  }
}
