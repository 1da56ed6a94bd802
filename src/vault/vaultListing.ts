import * as path from 'node:path';
import { parseRecord, profileOfFileName, readRecordFile, recordFileNames, type VaultRecord } from './vaultRecord';

/** A record as `keys list` shows it: read, or with why it cannot be. */
export interface VaultListing {
  profile: string;
  file: string;
  record?: VaultRecord;
  /** Why the record cannot be read (damaged, unreadable). */
  problem?: string;
}

/** Every record in the vault folder, readable or not (a damaged one is listed with its problem, never skipped or replaced). */
export function listRecords(folder: string, warn?: (message: string) => void): VaultListing[] {
  const names = recordFileNames(folder, warn);
  const listing: VaultListing[] = [];
  for (const name of names.sort()) {
    const profile = profileOfFileName(name);
    if (profile === undefined) continue;
    const file = path.join(folder, name);
    try {
      const text = readRecordFile(file);
      if (text !== undefined) listing.push({ profile, file, record: parseRecord(file, text, profile) });
    } catch (error) {
      listing.push({ profile, file, problem: (error as Error).message });
    }
  }
  return listing;
}
