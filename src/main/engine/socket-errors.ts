/**
 * Node socket errors → the contract's stable codes (with the parameters the UI words them from)
 * and the close reason a connection ends with.
 */
import type { CloseReason, Failure } from '../../shared/contract';
import { fail } from '../../shared/errors';

interface Where {
  host: string;
  port: number;
}

/** Node's error code; with happy-eyeballs (`autoSelectFamily`) it may sit on an inner error. */
export function errnoOf(error: unknown): string {
  if (error && typeof error === 'object') {
    const { code, errors } = error as { code?: unknown; errors?: unknown };
    if (typeof code === 'string') return code;
    if (Array.isArray(errors) && errors.length > 0) return errnoOf(errors[0]);
  }
  return 'UNKNOWN';
}

export function socketFailure(error: unknown, where: Where): Failure {
  const errno = errnoOf(error);
  const { host, port } = where;
  switch (errno) {
    case 'EADDRINUSE':
      return fail('ADDRESS_IN_USE', { host, port });
    case 'EADDRNOTAVAIL':
      return fail('ADDRESS_NOT_AVAILABLE', { host });
    case 'EACCES':
    case 'EPERM':
      // Only binding a port is about privileged ports. On a send or connect it is a broadcast
      // address without the Broadcast option, or a firewall: "ports below 1024" would mislead.
      if (syscallOf(error) === 'bind' || syscallOf(error) === 'listen' || !syscallOf(error)) {
        return fail('PERMISSION_DENIED', { port });
      }
      return fail('SOCKET_ERROR', { errno, syscall: syscallOf(error) });
    case 'ECONNREFUSED':
      return fail('CONNECTION_REFUSED', { host, port });
    case 'ECONNRESET':
      return fail('CONNECTION_RESET', { host, port });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NONAME':
      return fail('HOST_NOT_FOUND', { host });
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EAFNOSUPPORT':
      return fail('HOST_UNREACHABLE', { host });
    case 'EPIPE':
    case 'ERR_STREAM_DESTROYED':
    case 'ERR_STREAM_WRITE_AFTER_END':
      return fail('BROKEN_PIPE', { host, port });
    case 'ETIMEDOUT':
      return fail('CONNECT_TIMEOUT', { host, port, ms: 0 });
    default:
      return fail('SOCKET_ERROR', { errno, syscall: syscallOf(error) });
  }
}

/** The system call that failed ('bind', 'connect', 'send', …), or '' when Node did not say. */
function syscallOf(error: unknown): string {
  const syscall = (error as { syscall?: unknown } | null)?.syscall;
  return typeof syscall === 'string' ? syscall : '';
}

export function closeReasonOf(error: unknown): CloseReason {
  switch (errnoOf(error)) {
    case 'ECONNRESET':
      return 'reset';
    case 'ECONNREFUSED':
      return 'refused';
    case 'ETIMEDOUT':
      return 'timeout';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NONAME':
      return 'host-not-found';
    case 'EPIPE':
      return 'peer-closed';
    default:
      return 'error';
  }
}
