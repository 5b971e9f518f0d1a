import type { FileKind, FileStatus } from '../../shared/contract';
import type { SessionFiles } from './state';
import { NO_FILES } from './state';

/** Still being written (or about to be): the user can stop it, and cannot start another. */
export function isActive(file: FileStatus | undefined): file is FileStatus {
  return file?.state === 'waiting' || file?.state === 'writing';
}

/** The engine's word on a file: it replaces what the page knew of that kind. */
export function withFile(files: SessionFiles, file: FileStatus): SessionFiles {
  return files[file.kind] === file ? files : { ...files, [file.kind]: file };
}

/** A snapshot's list of files, the last of each kind. */
export function filesOf(list: readonly FileStatus[] | undefined): SessionFiles {
  if (!list?.length) return NO_FILES;
  let files = NO_FILES;
  for (const file of list) files = withFile(files, file);
  return files;
}

/**
 * startFile answered. Its first event may have come already (then it is newer than this guess);
 * anything else of that kind is an earlier file.
 */
export function withStartedFile(files: SessionFiles, file: FileStatus): SessionFiles {
  const known = files[file.kind];
  if (known && known.name === file.name && isActive(known)) return files;
  return withFile(files, file);
}

/** stopFile answered: the file holds `bytes`, whatever its last event said. */
export function withStoppedFile(files: SessionFiles, kind: FileKind, bytes: number): SessionFiles {
  const known = files[kind];
  if (!known || !isActive(known)) return files;
  return withFile(files, { ...known, state: 'stopped', bytes });
}
