import { describe, expect, it } from 'vitest';
import { socketFailure } from '../../src/main/engine/socket-errors';

const where = { host: '127.0.0.1', port: 5000 };
const nodeError = (code: string, syscall?: string) =>
  Object.assign(new Error(code), { code, ...(syscall ? { syscall } : {}) });

describe('socketFailure', () => {
  it.each(['bind', 'listen', undefined])('EACCES from %s is about privileged ports', (syscall) => {
    expect(socketFailure(nodeError('EACCES', syscall), where)).toMatchObject({
      code: 'PERMISSION_DENIED',
      params: { port: 5000 },
    });
  });

  it.each([
    ['EACCES', 'send'],
    ['EPERM', 'send'],
    ['EACCES', 'connect'],
  ])(
    '%s from %s (broadcast without the option, a firewall) is not about ports',
    (code, syscall) => {
      expect(socketFailure(nodeError(code, syscall), where)).toEqual({
        ok: false,
        code: 'SOCKET_ERROR',
        message: `Network error ${code} during ${syscall}.`,
        params: { errno: code, syscall },
      });
    },
  );

  it('reads the code of happy-eyeballs errors from the first inner error', () => {
    const error = Object.assign(new Error('all failed'), {
      errors: [nodeError('ECONNREFUSED', 'connect'), nodeError('ENETUNREACH', 'connect')],
    });
    expect(socketFailure(error, where)).toMatchObject({ code: 'CONNECTION_REFUSED' });
  });
});
